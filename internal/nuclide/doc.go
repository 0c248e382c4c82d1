// Package nuclide is Kern's decay physics: nuclear data, activity units, decay, decay chains and
// radionuclide generators. It is pure: no I/O, no global mutable state, deterministic.
//
// # Model
//
// A nuclide decays exponentially, A(t) = A(t0)·exp(−λ(t−t0)) with λ = ln 2 / T½. Half-lives are the
// NUBASE2020 evaluation (F.G. Kondev, M. Wang, W.J. Huang, S. Naimi, G. Audi, Chin. Phys. C 45,
// 030001, 2021); the ICRP Publication 107 (2008) value is kept beside it for cross-checks. Branching
// fractions of the generator and alpha-therapy chains are ICRP Publication 107 (A. Endo and
// K.F. Eckerman), as distributed with the radioactivedecay data sets. The tables are embedded from
// data/*.csv with their source columns; see data/README.md.
//
// A chain with branching is solved with the Bateman equations (H. Bateman, Proc. Cambridge Philos.
// Soc. 15, 423, 1910) in their divided-difference form: the number of atoms of member n fed from
// member 1 along a path 1→2→…→n is
//
//	N_n(t) = N_1(0) · Π b_i λ_i · t^(n−1) · exp[z_1,…,z_n],  z_i = −λ_i t,
//
// where exp[…] is the divided difference of the exponential. The classic closed form divides by
// differences of decay constants and loses every digit when two half-lives are equal or close; the
// divided difference is evaluated instead by its Taylor series where the points are close (spread
// ≤ 2) and by the recurrence only across well-separated points, following A. McCurdy, K.C. Ng and
// B.N. Parlett, Math. Comp. 43, 501 (1984). Equal half-lives need no special case.
//
// A generator holds a parent whose daughter grows in and is eluted: between elutions the daughter
// follows the two-member chain; an elution with efficiency ε removes ε of the daughter and leaves
// (1−ε) as residual. Daughter activity is linear in the parent activity at calibration, which makes
// sizing a closed form: the smallest parent activity is the largest ratio of required to unit eluate.
//
// Activities are in becquerel (type Activity); instants are time.Time with their zone; elapsed
// time is computed in float64 seconds from the Unix seconds and nanoseconds so that spans longer
// than time.Duration's 292 years (Sr-90, Tc-99) stay exact.
package nuclide
