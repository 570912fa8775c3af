// The statistics of replications, in one place.
#pragma once

namespace icsim::experiments {

// The 97.5th percentile of Student's t with `dof` degrees of freedom: the multiplier of the
// standard error for a two-sided 95% interval of a mean over dof + 1 replications.
double student_t_975(double dof);

}  // namespace icsim::experiments
