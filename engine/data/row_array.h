// One column's values for the rows of a chunk being parsed. On its own it
// grows like a vector. Attached, it writes straight into the chunk's slice of
// the table's final column: the loader sizes each column once from the line
// counts the CSV splitter already makes (a chunk holds at most as many rows
// as lines), so joining the chunks afterwards moves nothing but the gaps
// left by blank or rejected lines.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace accrue::data {

template <typename T>
class RowArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  // Writes go to slice[0, capacity) from now on.
  void attach(T* slice, std::size_t capacity) {
    owned_.reset();
    data_ = slice;
    size_ = 0;
    capacity_ = capacity;
    attached_ = true;
  }
  // True while every value is in the attached slice (it never outgrew it).
  bool attached() const { return attached_; }

  // Room for `rows` values. Pages of it never written are never touched.
  void reserve(std::size_t rows) {
    if (rows > capacity_) grow_to(rows);
  }
  void push_back(T value) {
    if (size_ == capacity_) grow_to(std::max<std::size_t>(16, capacity_ * 2));
    data_[size_++] = value;
  }
  T& operator[](std::size_t row) { return data_[row]; }
  const T& operator[](std::size_t row) const { return data_[row]; }
  T* data() { return data_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& back() const { return data_[size_ - 1]; }

  // Forgets the values and frees what this array allocated itself.
  void release() {
    owned_.reset();
    data_ = nullptr;
    size_ = capacity_ = 0;
    attached_ = false;
  }

 private:
  // Moves to memory of its own (left uninitialised: only written rows are read).
  void grow_to(std::size_t capacity) {
    std::unique_ptr<T[]> bigger(new T[capacity]);
    if (size_ != 0) std::memcpy(bigger.get(), data_, size_ * sizeof(T));
    owned_ = std::move(bigger);
    data_ = owned_.get();
    capacity_ = capacity;
    attached_ = false;
  }

  std::unique_ptr<T[]> owned_;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  bool attached_ = false;
};

}  // namespace accrue::data
