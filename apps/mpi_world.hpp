#pragma once
// `prunekit run` under mpirun (or srun): rank 0 plans, hands out fit groups and writes every
// file; the other ranks plan the same experiment, run the groups they are given and send back
// the records. Without MPI support in the build, or when no MPI launcher started the process,
// this is a world of one and nothing here talks to MPI.

#include <memory>
#include <string>

#include "prunekit/experiment/group_executor.hpp"

namespace prunekit::cli {

/// Starts MPI when an MPI launcher started this process (mpirun, srun); call once, first.
void start_mpi(int& argc, char**& argv);
/// Ends MPI (if started); call once, last.
void stop_mpi();
[[nodiscard]] int mpi_rank();  ///< 0 outside MPI
[[nodiscard]] int mpi_size();  ///< 1 outside MPI
/// Whether this build can run under mpirun.
[[nodiscard]] bool mpi_supported();

/// Every rank passes its own error ("" when it has none); each gets the first non-empty one,
/// rank 0's before the others', with the rank that had it. A collective call.
struct RankError {
  std::string message;
  int rank = -1;  ///< -1: no rank failed
};
[[nodiscard]] RankError first_error_of_ranks(const std::string& mine);

/// Rank 0's executor: groups go, largest expected cost first, to `jobs` threads here and to
/// `jobs` threads of every other rank, as each asks for work. Destroying it releases every
/// worker still waiting, also when rank 0 failed before running anything. nullptr without MPI.
[[nodiscard]] std::unique_ptr<GroupExecutor> mpi_executor(int jobs);

/// The other ranks: runs the groups rank 0 sends on `jobs` threads until it says stop.
void serve_mpi_work(const ExperimentPlan& plan, const Factories& factories, int jobs);

}  // namespace prunekit::cli
