// The statistics of replications, in one place.
#pragma once
#include <vector>

namespace icsim::experiments {

// The 97.5th percentile of Student's t with `dof` degrees of freedom: the multiplier of the
// standard error for a two-sided 95% interval of a mean over dof + 1 replications.
double student_t_975(double dof);

// The q-th quantile of sorted values, by linear interpolation between order statistics (type 7,
// as R and NumPy by default).
double quantile(const std::vector<double>& sorted, double q);

}  // namespace icsim::experiments
