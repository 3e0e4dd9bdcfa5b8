#include "mpi_world.hpp"

#include <cstdlib>

#ifdef PRUNEKIT_HAVE_MPI
#include <algorithm>
#include <atomic>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include "prunekit/core/error.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/experiment/shard.hpp"
#endif

namespace prunekit::cli {

#ifndef PRUNEKIT_HAVE_MPI

void start_mpi(int&, char**&) {}
void stop_mpi() {}
int mpi_rank() { return 0; }
int mpi_size() { return 1; }
bool mpi_supported() { return false; }
RankError first_error_of_ranks(const std::string& mine) {
  return mine.empty() ? RankError{} : RankError{mine, 0};
}
std::unique_ptr<GroupExecutor> mpi_executor(int) { return nullptr; }
void serve_mpi_work(const ExperimentPlan&, const Factories&, int) {}

#else

namespace {

namespace mpi = boost::mpi;

// Worker -> rank 0: a request for work, carrying the records of the group it finished ("" at
// first): the group's index on the first line, then the records as run log lines.
constexpr int kRequest = 1;
// Rank 0 -> worker: {group, runs...}, or nothing for "stop".
constexpr int kAssign = 2;
// Worker -> rank 0: why a group failed (that worker thread stops asking).
constexpr int kFailure = 3;

/// Whether an MPI launcher started this process: Open MPI's mpirun, or a PMI/PMIx launcher
/// (srun, Hydra). Without one, MPI is not started (a singleton would only slow the start).
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

std::unique_ptr<mpi::environment> g_environment;

mpi::communicator& world() {
  static mpi::communicator communicator;
  return communicator;
}

/// Worker threads share the rank's MPI calls: a request and its answer under one lock.
bool threads_may_share_mpi() {
  return g_environment && g_environment->thread_level() >= mpi::threading::serialized;
}

std::string encode(const GroupWork& work, const std::vector<RunRecord>& records) {
  std::string text = std::to_string(work.group) + "\n";
  for (const auto& r : records) text += run_log_line(r);
  return text;
}

/// The group index and the records of a kRequest's payload.
std::pair<std::size_t, std::vector<RunRecord> > decode(const std::string& text) {
  std::vector<RunRecord> records;
  auto end = text.find('\n');
  const std::size_t group = std::stoull(text.substr(0, end));
  while (end != std::string::npos && end + 1 < text.size()) {
    const auto next = text.find('\n', end + 1);
    records.push_back(nlohmann::json::parse(text.substr(end + 1, next - end - 1)).get<RunRecord>());
    end = next;
  }
  return {group, std::move(records)};
}

/// Rank 0's side: the work queue shared by its own threads and the other ranks' requests.
class MpiExecutor final : public GroupExecutor {
 public:
  /// `jobs`: the threads of every rank (the other ranks run as many when their MPI allows).
  explicit MpiExecutor(int jobs)
      : requesters_(static_cast<std::size_t>(world().size() - 1) *
                    static_cast<std::size_t>(threads_may_share_mpi() ? jobs : 1)) {}
  /// Tells every worker thread still asking to stop (rank 0 failed before or after running
  /// groups): no rank is left waiting. Never throws.
  ~MpiExecutor() override {
    try {
      while (requesters_ > 0) {
        const mpi::status status = world().probe(mpi::any_source, mpi::any_tag);
        std::string ignored;
        world().recv(status.source(), status.tag(), ignored);
        --requesters_;
        if (status.tag() == kRequest)
          world().send(status.source(), kAssign, std::vector<std::uint64_t>{});
      }
    } catch (...) {  // MPI itself failed: Open MPI ends the job
    }
  }
  MpiExecutor(const MpiExecutor&) = delete;
  MpiExecutor& operator=(const MpiExecutor&) = delete;

  void run(const ExperimentPlan& plan, const Factories& factories,
           const std::vector<GroupWork>& work, int jobs, const std::atomic<bool>* interrupt,
           const GroupDone& done) override;

 private:
  /// The next work item, or none once stopping (a failure, an interrupt) or out of work.
  std::optional<std::size_t> take(const std::atomic<bool>* interrupt) {
    const std::lock_guard lock(mutex_);
    if (stopping_ || (interrupt != nullptr && interrupt->load()) || queue_.empty())
      return std::nullopt;
    const auto k = queue_.front();
    queue_.pop_front();
    return k;
  }
  void fail(std::exception_ptr failure) {
    const std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::move(failure);
    stopping_ = true;
  }
  void answer_request(const mpi::status& status, const std::vector<GroupWork>& work,
                      const std::map<std::size_t, std::size_t>& item_of_group,
                      const std::atomic<bool>* interrupt, const GroupDone& done);
  void deliver_local(const std::vector<GroupWork>& work, const GroupDone& done);

  std::mutex mutex_;
  std::deque<std::size_t> queue_;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::vector<std::pair<std::size_t, std::vector<RunRecord> > > finished_here_;
  std::size_t requesters_ = 0;  // worker threads of the other ranks not yet told to stop
};

void MpiExecutor::deliver_local(const std::vector<GroupWork>& work, const GroupDone& done) {
  std::vector<std::pair<std::size_t, std::vector<RunRecord> > > finished;
  {
    const std::lock_guard lock(mutex_);
    finished.swap(finished_here_);
  }
  for (auto& [k, records] : finished) {
    try {
      done(work[k], std::move(records));
    } catch (...) {
      fail(std::current_exception());
    }
  }
}

void MpiExecutor::answer_request(const mpi::status& status, const std::vector<GroupWork>& work,
                                 const std::map<std::size_t, std::size_t>& item_of_group,
                                 const std::atomic<bool>* interrupt, const GroupDone& done) {
  const int source = status.source();
  if (status.tag() == kFailure) {
    std::string message;
    world().recv(source, kFailure, message);
    fail(std::make_exception_ptr(Error(message + " (on MPI rank " + std::to_string(source) + ")")));
    --requesters_;
    return;
  }
  std::string payload;
  world().recv(source, kRequest, payload);
  if (!payload.empty()) {
    try {
      auto [group, records] = decode(payload);
      done(work.at(item_of_group.at(group)), std::move(records));
    } catch (...) {
      fail(std::current_exception());
    }
  }
  std::vector<std::uint64_t> assignment;
  if (const auto k = take(interrupt)) {
    assignment.push_back(work[*k].group);
    for (const auto r : work[*k].runs) assignment.push_back(r);
  } else {
    --requesters_;
  }
  world().send(source, kAssign, assignment);
}

void MpiExecutor::run(const ExperimentPlan& plan, const Factories& factories,
                      const std::vector<GroupWork>& work, int jobs,
                      const std::atomic<bool>* interrupt, const GroupDone& done) {
  // Largest expected cost first, so that a long group does not finish last.
  const auto costs = group_costs(plan, factories);
  std::vector<std::size_t> order(work.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return costs[work[a].group] > costs[work[b].group];
  });
  queue_.assign(order.begin(), order.end());
  std::map<std::size_t, std::size_t> item_of_group;
  for (std::size_t k = 0; k < work.size(); ++k) item_of_group[work[k].group] = k;

  std::atomic<int> running{jobs};
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t)
    threads.emplace_back([&] {
      while (const auto k = take(interrupt)) {
        try {
          auto records = execute_group(plan, work[*k].group, work[*k].runs, factories);
          const std::lock_guard lock(mutex_);
          finished_here_.emplace_back(*k, std::move(records));
        } catch (...) {
          fail(std::current_exception());
        }
      }
      --running;
    });
  // This thread alone talks to MPI and hands records to `done`.
  while (requesters_ > 0 || running > 0) {
    deliver_local(work, done);
    if (const auto status = world().iprobe(mpi::any_source, mpi::any_tag)) {
      answer_request(*status, work, item_of_group, interrupt, done);
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (auto& t : threads) t.join();
  deliver_local(work, done);
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace

void start_mpi(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  g_environment = std::make_unique<mpi::environment>(argc, argv, mpi::threading::serialized, false);
}

void stop_mpi() { g_environment.reset(); }

int mpi_rank() { return g_environment ? world().rank() : 0; }
int mpi_size() { return g_environment ? world().size() : 1; }
bool mpi_supported() { return true; }

RankError first_error_of_ranks(const std::string& mine) {
  if (mpi_size() == 1) return mine.empty() ? RankError{} : RankError{mine, 0};
  std::vector<std::string> all;
  mpi::all_gather(world(), mine, all);
  for (std::size_t r = 0; r < all.size(); ++r)
    if (!all[r].empty()) return {all[r], static_cast<int>(r)};
  return {};
}

std::unique_ptr<GroupExecutor> mpi_executor(int jobs) {
  return std::make_unique<MpiExecutor>(jobs);
}

void serve_mpi_work(const ExperimentPlan& plan, const Factories& factories, int jobs) {
  std::mutex mpi_mutex;
  const auto serve = [&] {
    std::string payload;  // the records of the last group, sent with the next request
    while (true) {
      std::vector<std::uint64_t> assignment;
      {
        const std::lock_guard lock(mpi_mutex);
        world().send(0, kRequest, payload);
        world().recv(0, kAssign, assignment);
      }
      if (assignment.empty()) return;
      const GroupWork work{assignment[0], {assignment.begin() + 1, assignment.end()}};
      try {
        payload = encode(work, execute_group(plan, work.group, work.runs, factories));
      } catch (const std::exception& e) {
        const std::lock_guard lock(mpi_mutex);
        world().send(0, kFailure, std::string(e.what()));
        return;
      }
    }
  };
  const int threads = threads_may_share_mpi() ? jobs : 1;
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(serve);
  serve();
  for (auto& t : pool) t.join();
}

#endif

}  // namespace prunekit::cli
