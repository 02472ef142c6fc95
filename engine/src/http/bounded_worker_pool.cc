#include "engine/src/http/bounded_worker_pool.h"

#include <exception>

#include <spdlog/spdlog.h>

namespace georep::engine {

BoundedWorkerPool::BoundedWorkerPool(std::size_t workers, std::size_t maxQueued) : maxQueued_(maxQueued) {
  workers_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

BoundedWorkerPool::~BoundedWorkerPool() { stop(); }

bool BoundedWorkerPool::trySubmit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    // A job is admitted when a worker is idle, or when the queue has room.
    const std::size_t idle = workers_.size() - running_;
    if (queue_.size() >= idle + maxQueued_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void BoundedWorkerPool::stop() {
  std::deque<Job> cancelled;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    cancelled.swap(queue_);
  }
  wake_.notify_all();
  for (auto& job : cancelled) {
    try {
      job(true);
    } catch (const std::exception& e) {
      spdlog::error("http: cancelling a queued request failed: {}", e.what());
    }
  }
  for (auto& worker : workers_)
    if (worker.joinable()) worker.join();
  std::lock_guard lock(mutex_);
  workers_.clear();
}

std::size_t BoundedWorkerPool::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::size_t BoundedWorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void BoundedWorkerPool::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    try {
      job(false);
    } catch (const std::exception& e) {
      spdlog::error("http: a request handler failed: {}", e.what());
    } catch (...) {
      spdlog::error("http: a request handler failed with an unknown exception");
    }
    std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace georep::engine
