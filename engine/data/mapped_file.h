// A whole file mapped read-only into memory: the CSV parser scans it in place
// and cells are views into it, so reading costs no copy and no allocation.
// Mapped pages count towards the process's resident memory, so a large file
// is brought in a range at a time (populate) and let go as soon as that range
// is parsed (release): peak memory holds the chunks being parsed, not the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace accrue::data {

class MappedFile {
 public:
  // Nothing (with a reason in `error`) when the file cannot be opened or mapped.
  static std::optional<MappedFile> open(const std::filesystem::path& path, std::string& error);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }
  // Maps bytes [begin, end) in one go rather than a page fault at a time.
  void populate(std::size_t begin, std::size_t end) const;
  // Drops the whole pages inside [begin, end) from memory; reading them again
  // maps them again from the page cache, so this never changes the bytes.
  void release(std::size_t begin, std::size_t end) const;

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace accrue::data
