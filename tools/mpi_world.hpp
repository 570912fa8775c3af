// MPI for `icsim sweep` under mpirun (Open MPI): initialised only when the process was launched
// by mpirun (its environment says so), so that every other use of icsim is a plain process.
#pragma once

namespace icsim::tools {

class MpiWorld {
 public:
  MpiWorld();
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank 0's value, on every rank.
  int broadcast(int value) const;
  void barrier() const;

 private:
  bool initialised_ = false;
  int rank_ = 0, size_ = 1;
};

}  // namespace icsim::tools
