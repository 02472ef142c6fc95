// WorkerPool: a fixed number of threads running submitted tasks in FIFO order; it bounds how many
// cluster reconciliations run at once. shutdown() stops accepting tasks, drops the queued ones
// (destroying them unrun) and joins the threads once the running tasks return.
// Thread-safety: submit() may be called from any thread, including from a task; shutdown() must not be
// called from a task.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace georep::sync {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False (and the task is destroyed unrun) after shutdown().
  bool submit(std::function<void()> task);
  void shutdown();

  std::size_t threads() const { return threads_.size(); }

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace georep::sync
