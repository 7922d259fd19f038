// One process per profile: the desktop app, the daemon and one-shot commands take this
// lock before touching a profile's state, so two of them never write the same resume data.
#pragma once

#include <shoal/common/result.h>

#include <filesystem>

namespace shoal {

class ProfileLock {
  public:
    // Creates the profile directory if needed and takes an exclusive, non-blocking lock on
    // its lock file. Fails with a message naming the holder's pid when another process has it.
    static Result<ProfileLock> acquire(const std::filesystem::path& profile_dir);

    ProfileLock(ProfileLock&& other) noexcept;
    ProfileLock& operator=(ProfileLock&& other) noexcept;
    ProfileLock(const ProfileLock&) = delete;
    ProfileLock& operator=(const ProfileLock&) = delete;
    ~ProfileLock();

  private:
    explicit ProfileLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

// $XDG_DATA_HOME/shoal, or ~/.local/share/shoal.
std::filesystem::path default_profile_dir();

}  // namespace shoal
