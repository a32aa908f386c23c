#include "schedule/runner/shell_executor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

namespace sluice::schedule {
namespace {

Status errno_status(std::string_view what) {
  return Status::io_error(std::string(what) + ": " + std::strerror(errno));
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = ::sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) +
           (name ? " (SIG" + std::string(name) + ")" : "");
  }
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

// Reads what is there without blocking longer than `wait_ms`; false at end of output.
bool pump(int fd, AttemptLog& log, int wait_ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, wait_ms) <= 0) return true;
  char buffer[4096];
  const ssize_t n = ::read(fd, buffer, sizeof(buffer));
  if (n > 0) {
    log.write(std::string_view(buffer, static_cast<size_t>(n)));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

}  // namespace

Status run_shell(const std::string& command, AttemptLog& log, const std::atomic<bool>& cancel,
                 const ShellOptions& options) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return errno_status("pipe");
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return errno_status("fork");
  }
  if (pid == 0) {
    // The child: a group of its own so that a kill reaches everything the command starts.
    ::setpgid(0, 0);
    // A scheduler killed outright must not leave the command running: its lease runs out and
    // another attempt runs the task, so a survivor would do the work twice.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: whichever runs first, the group exists before a kill
  ::close(pipe_fds[1]);

  bool open = true;
  bool terminated = false;
  auto kill_at = std::chrono::steady_clock::time_point::max();
  int status = 0;
  for (;;) {
    if (open) {
      open = pump(pipe_fds[0], log, 50);
    } else {
      ::poll(nullptr, 0, 50);  // the command closed its output but runs on
    }
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (cancel && !terminated) {
      terminated = true;
      ::kill(-pid, SIGTERM);
      kill_at = std::chrono::steady_clock::now() + options.kill_grace;
    }
    if (terminated && std::chrono::steady_clock::now() >= kill_at) ::kill(-pid, SIGKILL);
  }
  // What is still in the pipe; not waiting for a background child that holds it open.
  for (int i = 0; open && i < 1024; ++i) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) break;
    open = pump(pipe_fds[0], log, 0);
  }
  ::close(pipe_fds[0]);
  if (terminated) {
    ::kill(-pid, SIGKILL);  // what the command left behind
    return Status::aborted("cancelled: " + describe_exit(status));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::ok_status();
  return Status::internal("command failed: " + describe_exit(status));
}

}  // namespace sluice::schedule
