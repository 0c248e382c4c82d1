package forecast

// Sources of the defaults, quoted from the project's data README; everything else is marked as an
// assumption, to be edited in a scenario.
const (
	srcRIVM       = "RIVM report 2017-0063: about 400,000 diagnostic nuclear-medicine procedures and about 4,000 radionuclide therapies a year in the Netherlands"
	srcNEA        = "NEA (2014): world Mo-99 demand about 10,000 six-day Ci a week, growing about 0.5 % a year in mature markets"
	srcPET        = "assumption: PET/CT scans about 10 % a year (the policy plan); no independent Dutch source found, band 5–15 %"
	srcLuRIVM     = "RIVM: 7 % a year as an illustrative case for Lu-177"
	srcLuSCKCEN   = "band from RIVM's 7 % a year to SCK CEN (2022): Lu-177 patients 16,000 (2020) to 138,000 (2026) worldwide, about 43 % a year"
	srcReactors   = "Nawar & Türler, Front. Chem. 10:926258 (2022), Table 4 (mo99-reactors.csv)"
	srcFivefold   = "recommendations report (seeds): a fivefold growth in the number of possible treatments ('vervijfvoudiging'); reaching it by 2040 is an assumption"
	assumption    = "assumption"
	srcAssumeMo99 = "assumption: 10,000 six-day Ci a week world demand (NEA 2014) over about 40 million Tc-99m procedures a year"
	srcAssumeNL   = "assumption: the Netherlands' share of world Mo-99 use, 300,000 of about 40 million procedures a year"
)

// DefaultScenario is the Dutch outlook from 2025 to 2040 with the figures of the data README:
// about 400,000 diagnostic procedures and 4,000 radionuclide therapies a year, PET/CT growing
// 10 % a year, Lu-177 therapy growing 7 % a year with the 43 % case as the top of its band, the
// Mo-99 reactors of Nawar & Türler with their expected ends, and PALLAS and SHINE as assumed new
// capacity. Each call returns a fresh copy.
func DefaultScenario() Scenario {
	v := func(x float64, src string) Value { return Value{Value: x, Source: src} }
	pv := func(x float64, src string) *Value { return &Value{Value: x, Source: src} }
	uniform := func(x, lo, hi float64, src string) *Uncertain {
		return &Uncertain{Value: x, Band: &Band{Distribution: "uniform", Low: lo, High: hi}, Source: src}
	}
	triangular := func(x, lo, mode, hi float64, src string) *Uncertain {
		return &Uncertain{Value: x, Band: &Band{Distribution: "triangular", Low: lo, Mode: &mode, High: hi}, Source: src}
	}
	therapyNeeds := func(roomDays, staff, hotlab float64) ProcedureNeeds {
		return ProcedureNeeds{RoomDays: pv(roomDays, assumption), StaffHours: pv(staff, assumption), HotlabHours: pv(hotlab, assumption)}
	}
	reactor := func(name string, perWeek, weeks, end float64) Facility {
		return Facility{Name: name, Product: "Mo-99", CapacityPerWeek: v(perWeek, srcReactors), WeeksPerYear: v(weeks, srcReactors),
			Share: pv(0.0075, srcAssumeNL), EndYear: pv(end, srcReactors+", expected end of operation (an expectation, not a firm date)")}
	}
	pallas := Facility{Name: "PALLAS (Petten)", Product: "Mo-99", CapacityPerWeek: v(6200, "assumption: as HFR Petten, which it replaces"),
		WeeksPerYear: v(39, "assumption: as HFR Petten"), Share: pv(0.0075, srcAssumeNL), StartYear: pv(2030, "assumption: PALLAS operating from about 2030")}
	shine := Facility{Name: "SHINE (Veendam)", Product: "Mo-99", CapacityPerWeek: v(1500, assumption),
		WeeksPerYear: v(48, assumption), Share: pv(0.0075, srcAssumeNL), StartYear: pv(2028, assumption)}
	return Scenario{
		Name:         "Netherlands, outlook to 2040 (defaults)",
		BaselineYear: 2025,
		EndYear:      DefaultEndYear,
		Products: []Product{
			{Name: "Mo-99", Unit: "6-day Ci"},
			{Name: "F-18", Unit: "GBq"},
			{Name: "Lu-177", Unit: "GBq"},
			{Name: "I-131", Unit: "GBq"},
		},
		Applications: []Application{
			{Name: "Tc-99m diagnostics", Kind: "diagnostic", Count: v(300000, "assumption: three quarters of the diagnostics of "+srcRIVM),
				Growth:  Growth{Model: "constant", Rate: triangular(0.005, 0, 0.005, 0.03, srcNEA+"; band 0–3 % an assumption")},
				Product: "Mo-99", ActivityPerProcedure: v(0.013, srcAssumeMo99)},
			{Name: "PET/CT", Kind: "diagnostic", Count: v(100000, "assumption: a quarter of the diagnostics of "+srcRIVM),
				Growth:  Growth{Model: "constant", Rate: uniform(0.10, 0.05, 0.15, srcPET)},
				Product: "F-18", ActivityPerProcedure: v(0.2, assumption)},
			{Name: "Lu-177 radioligand therapy", Kind: "therapy", Count: v(1000, "assumption: a quarter of the therapies of "+srcRIVM),
				Growth:  Growth{Model: "constant", Rate: triangular(0.07, 0.07, 0.07, 0.43, srcLuRIVM+"; "+srcLuSCKCEN)},
				Product: "Lu-177", ActivityPerProcedure: v(7.4, "assumption: one 7.4 GBq cycle"), Resources: therapyNeeds(1, 6, 1)},
			{Name: "I-131 and other established therapies", Kind: "therapy", Count: v(3000, "assumption: three quarters of the therapies of "+srcRIVM),
				Growth:  Growth{Model: "constant", Rate: uniform(0, -0.02, 0.02, assumption)},
				Product: "I-131", ActivityPerProcedure: v(3.7, assumption), Resources: therapyNeeds(2, 5, 0.5)},
			{Name: "New radioligand therapies", Kind: "therapy", Count: v(0, assumption),
				Growth: Growth{Model: "logistic", StartYear: pv(2027, assumption),
					Ceiling:   triangular(1000, 300, 1000, 3000, "assumption: patients a year per treatment option at full adoption"),
					Midpoint:  uniform(2034, 2031, 2037, assumption),
					Steepness: uniform(0.5, 0.3, 0.8, assumption)},
				Product: "Lu-177", ActivityPerProcedure: v(7.4, assumption), Resources: therapyNeeds(1, 6, 1)},
		},
		TreatmentOptions: &TreatmentOptions{
			AppliesTo: []string{"New radioligand therapies"},
			Points: []PathPoint{
				{Year: 2025, Multiplier: Uncertain{Value: 1, Source: srcFivefold}},
				{Year: 2040, Multiplier: Uncertain{Value: 5, Band: &Band{Distribution: "uniform", Low: 3, High: 7}, Source: srcFivefold + "; band 3–7 an assumption"}},
			},
			Source: srcFivefold,
		},
		Facilities: []Facility{
			reactor("BR2", 6500, 21, 2026),
			reactor("HFR Petten", 6200, 39, 2026),
			reactor("LVR-15", 3000, 30, 2028),
			reactor("MARIA", 2200, 36, 2040),
			reactor("OPAL", 2150, 43, 2057),
			reactor("SAFARI-1", 3000, 44, 2030),
			pallas,
			shine,
		},
		Resources: ResourceYield{
			RoomDaysPerYear:    v(250, "assumption: a therapy room in use 5 days a week, 50 weeks a year"),
			StaffHoursPerYear:  v(1500, "assumption: productive hours of one full-time staff member"),
			HotlabHoursPerYear: v(2000, "assumption: one hotlab workstation, one 8-hour shift 250 days a year"),
		},
	}
}
