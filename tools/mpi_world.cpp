// MPI for sweeps (tools/mpi_world.hpp).
#include "tools/mpi_world.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace icsim::tools {

MpiWorld::MpiWorld() {
  // Open MPI's launcher sets these in each rank's environment; a plain process has neither.
  if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMIX_RANK") == nullptr) return;
  MPI_Init(nullptr, nullptr);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() {
  if (initialised_) MPI_Finalize();
}

namespace {

// Waits for a non-blocking collective, sleeping between tests: a rank that finished its share
// early must not spin on a core its neighbours are simulating on (Open MPI's blocking calls
// poll, and ranks may outnumber cores).
void wait_politely(MPI_Request& request) {
  for (int done = 0;;) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

int MpiWorld::broadcast(int value) const {
  if (!initialised_) return value;
  MPI_Request request;
  MPI_Ibcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait_politely(request);
  return value;
}

void MpiWorld::barrier() const {
  if (!initialised_) return;
  MPI_Request request;
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  wait_politely(request);
}

}  // namespace icsim::tools
