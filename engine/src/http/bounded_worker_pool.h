// BoundedWorkerPool: runs request handlers (router.handle(), which may block for minutes on gluster) off
// the I/O threads, with a fixed number of workers and a bounded queue. trySubmit() never blocks: when
// every worker is busy and the queue is full it refuses, and the caller answers 503 at once.
// A job is called with cancelled == false on a worker, or with cancelled == true (on the thread calling
// stop()) when the pool stops before the job started.
// Thread-safety: trySubmit() and stop() may be called from any thread; stop() waits for running jobs.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace georep::engine {

class BoundedWorkerPool {
 public:
  using Job = std::function<void(bool cancelled)>;

  BoundedWorkerPool(std::size_t workers, std::size_t maxQueued);
  ~BoundedWorkerPool();  // stops
  BoundedWorkerPool(const BoundedWorkerPool&) = delete;
  BoundedWorkerPool& operator=(const BoundedWorkerPool&) = delete;

  // Queues job; false (job untouched) when the queue is full or the pool is stopping.
  bool trySubmit(Job job);
  // Cancels queued jobs, then waits for running ones. Idempotent.
  void stop();

  std::size_t running() const;
  std::size_t queued() const;

 private:
  void work();

  const std::size_t maxQueued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace georep::engine
