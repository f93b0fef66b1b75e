// The real reskontrad as a child process on a temporary folder and a free port, for the
// end-to-end and crash tests.
#ifndef RESKONTRA_TESTS_SERVER_PROCESS_H_
#define RESKONTRA_TESTS_SERVER_PROCESS_H_

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace reskontra::testing {

// The real server as a child process; its first stdout line names the port.
class Server {
 public:
  Server(const std::string& data_dir, bool demo, const std::vector<std::string>& extra_args = {}) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<std::string> args = {RESKONTRAD_PATH, "--data_dir=" + data_dir, "--listen=127.0.0.1:0",
                                     "--http_listen=127.0.0.1:0", demo ? "--demo=true" : "--demo=false"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, RESKONTRAD_PATH, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {0};
    if (std::fgets(line, sizeof line, f) != nullptr) {
      std::string s(line);
      size_t colon = s.find("127.0.0.1:");
      if (colon != std::string::npos) port_ = std::atoi(s.c_str() + colon + 10);
    }
    std::fclose(f);
    EXPECT_GT(port_, 0) << "server said: " << line;
  }
  ~Server() { Stop(); }
  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status;
      waitpid(pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "server did not stop cleanly";
      pid_ = -1;
    }
  }
  // SIGKILL: no shutdown, no flush; what was acknowledged must survive.
  void Kill() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_SERVER_PROCESS_H_
