#include "engine/data/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace accrue::data {

std::optional<MappedFile> MappedFile::open(const std::filesystem::path& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno == ENOENT ? "no such file" : std::strerror(errno);
    return std::nullopt;
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    error = "not a regular file";
    ::close(fd);
    return std::nullopt;
  }
  const auto size = static_cast<std::size_t>(status.st_size);
  if (size == 0) {
    ::close(fd);
    return MappedFile(nullptr, 0);
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int map_errno = errno;
  ::close(fd);
  if (data == MAP_FAILED) {
    error = std::strerror(map_errno);
    return std::nullopt;
  }
  ::madvise(data, size, MADV_SEQUENTIAL);
  return MappedFile(static_cast<const char*>(data), size);
}

namespace {

std::size_t page_size() {
  static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

void MappedFile::populate(std::size_t begin, std::size_t end) const {
  if (data_ == nullptr || begin >= end) return;
  const std::size_t first = begin / page_size() * page_size();
  auto* start = const_cast<char*>(data_) + first;
#ifdef MADV_POPULATE_READ
  if (::madvise(start, end - first, MADV_POPULATE_READ) == 0) return;
#endif
  ::madvise(start, end - first, MADV_WILLNEED);  // older kernels: at least read ahead
}

void MappedFile::release(std::size_t begin, std::size_t end) const {
  if (data_ == nullptr) return;
  const std::size_t first = (begin + page_size() - 1) / page_size() * page_size();
  const std::size_t last = end >= size_ ? (size_ + page_size() - 1) / page_size() * page_size()
                                         : end / page_size() * page_size();
  if (first < last) ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace accrue::data
