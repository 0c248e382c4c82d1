package main

// The isotope engines answer as kern subcommands; their flags and output are in engines.go.
func init() {
	engines["decay"] = runDecay
	engines["generator"] = runGenerator
	engines["allocate"] = runAllocate
}
