// Result<T>: a value or an Error that says what failed, on what input. Shoal's code
// returns these instead of throwing across module boundaries, so that every caller has
// to decide what a failure means for the user (exit code, message, dialog).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace shoal {

// Bad input is something the user named that cannot be used as given (a broken .torrent,
// a malformed magnet, a missing path, a port in use); runtime is a failure while working
// (network, disk). Commands map the first to exit code 2 and the second to 1.
enum class ErrorKind { bad_input, runtime };

struct Error {
    ErrorKind kind = ErrorKind::runtime;
    std::string message;
};

inline Error bad_input(std::string message) {
    return {ErrorKind::bad_input, std::move(message)};
}
inline Error runtime_error(std::string message) {
    return {ErrorKind::runtime, std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return !error_.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *error_; }

  private:
    std::optional<Error> error_;
};

}  // namespace shoal
