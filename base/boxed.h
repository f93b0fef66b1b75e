// Boxed<T>: a value of T kept on the heap only once it differs from T{}; for parts of a
// large, numerous struct that most instances leave at their default (an invoice's
// kravstatus). Value semantics: copies are deep, == compares the values, and an empty box
// reads as T{}.
//
//   Boxed<DunningInfo> dunning;
//   if (dunning->code != 0) ...        // reads never allocate
//   dunning.mut().code = 3;            // the first write does
#ifndef RESKONTRA_BASE_BOXED_H_
#define RESKONTRA_BASE_BOXED_H_

#include <memory>
#include <utility>

namespace reskontra {

template <class T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;

  const T& operator*() const { return p_ ? *p_ : Empty(); }
  const T* operator->() const { return &**this; }
  // The value to change; allocates it on the first call.
  T& mut() {
    if (!p_) p_ = std::make_unique<T>();
    return *p_;
  }
  // Stores `v`, or nothing when it equals T{}.
  void set(T v) {
    if (v == Empty()) {
      p_.reset();
    } else {
      p_ = std::make_unique<T>(std::move(v));
    }
  }
  bool allocated() const { return p_ != nullptr; }

  friend bool operator==(const Boxed& a, const Boxed& b) { return *a == *b; }

 private:
  static const T& Empty() {
    static const T* empty = new T();
    return *empty;
  }
  std::unique_ptr<T> p_;
};

}  // namespace reskontra

#endif  // RESKONTRA_BASE_BOXED_H_
