// The daemons' stop signals (SIGINT, SIGTERM): blocked in every thread from the start, so that
// one thread can wait for them and shut down in order.
//
//   const StopSignals stop = StopSignals::Block();  // before any thread starts
//   std::thread waiter([&] { int sig = stop.Wait(); ... });
#ifndef RESKONTRA_BASE_STOP_SIGNALS_H_
#define RESKONTRA_BASE_STOP_SIGNALS_H_

#include <pthread.h>

#include <csignal>

namespace reskontra {

class StopSignals {
 public:
  static StopSignals Block() {
    StopSignals s;
    sigemptyset(&s.set_);
    sigaddset(&s.set_, SIGINT);
    sigaddset(&s.set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &s.set_, nullptr);
    return s;
  }
  // Blocks until one arrives; returns its number.
  int Wait() const {
    int sig = 0;
    sigwait(&set_, &sig);
    return sig;
  }

 private:
  StopSignals() = default;
  sigset_t set_;
};

}  // namespace reskontra

#endif  // RESKONTRA_BASE_STOP_SIGNALS_H_
