package demo

// orgFixture is one organisation of the demonstration ecosystem. Capabilities are illustrative.
type orgFixture struct {
	Kind         string // hospital, department, producer, company, government, research, patient_org, society, insurer, other
	Group        string // stakeholder group: companies, governments, researchers, isotope_production, care_providers, patient_organisations
	Name         string
	ShortName    string // unique across the list; used as the key for Parent
	City         string
	Country      string // ISO 3166-1 alpha-2: NL, BE, FR, DE, ...
	Website      string // https://... or ""
	Parent       string // ShortName of the parent organisation, "" if none; parents come BEFORE children in the slice
	Hotlab       bool
	Cyclotron    bool
	PETCT        int
	SPECTCT      int
	TherapyRooms int
	Notes        string // one short English sentence of context, or ""
}

// organisations is the demonstration ecosystem: real organisations of the Dutch–Belgian
// nuclear-medicine field with their real names and seats. The capability fields (hotlab, cyclotron,
// camera and therapy-room counts) are ILLUSTRATIVE and must not be read as an inventory.
//
// Conventions:
//   - Dutch and Belgian cities carry their local name (Den Haag, 's-Hertogenbosch, Gent, Liège),
//     except the bilingual Brussels, which carries its English name; other foreign cities carry
//     their English name (Vienna, Paris).
//   - City and Website are "" where the seat or the address was not certain.
//   - Where a hospital has a department row, the capabilities are recorded on the department and
//     the hospital row keeps zero values, so that totals are not counted twice.
//   - The NFU (Nederlandse Federatie van Universitair Medische Centra) has had seven UMCs since
//     AMC and VUmc merged into Amsterdam UMC: Amsterdam UMC, Erasmus MC, LUMC, Maastricht UMC+,
//     Radboudumc, UMCG and UMC Utrecht. The Prinses Máxima Centrum (national centre for paediatric
//     oncology) and the Antoni van Leeuwenhoek (cancer institute) are listed next to them but are
//     not UMCs.
//   - Zorgverzekeraars Nederland and the insurers have Kind "insurer" and Group "governments":
//     the co-creation model has no payers' group of its own and places payers with governments
//     (public financing, reimbursement and market access).
//   - Professional societies and the umbrella bodies of hospitals and specialists are placed in the
//     care_providers group.
var organisations = []orgFixture{
	// ---- University medical centres (the seven NFU members) --------------------------------------
	{Kind: "hospital", Group: "care_providers", Name: "Amsterdam UMC", ShortName: "AmsterdamUMC", City: "Amsterdam", Country: "NL", Website: "https://www.amsterdamumc.nl",
		Notes: "University medical centre formed by the merger of AMC and VUmc; capabilities are recorded on its department."},
	{Kind: "department", Group: "care_providers", Name: "Afdeling Radiologie en Nucleaire Geneeskunde", ShortName: "AmsterdamUMC-NG", City: "Amsterdam", Country: "NL", Parent: "AmsterdamUMC",
		Hotlab: true, Cyclotron: true, PETCT: 4, SPECTCT: 4, TherapyRooms: 4, Notes: "Radiology and nuclear-medicine department with its own radionuclide centre and cyclotrons."},
	{Kind: "hospital", Group: "care_providers", Name: "Erasmus MC", ShortName: "ErasmusMC", City: "Rotterdam", Country: "NL", Website: "https://www.erasmusmc.nl",
		Notes: "University medical centre; capabilities are recorded on its department."},
	{Kind: "department", Group: "care_providers", Name: "Afdeling Radiologie & Nucleaire Geneeskunde", ShortName: "ErasmusMC-NG", City: "Rotterdam", Country: "NL", Parent: "ErasmusMC",
		Hotlab: true, PETCT: 3, SPECTCT: 4, TherapyRooms: 6, Notes: "Long-standing centre for peptide receptor radionuclide therapy."},
	{Kind: "hospital", Group: "care_providers", Name: "Leids Universitair Medisch Centrum", ShortName: "LUMC", City: "Leiden", Country: "NL", Website: "https://www.lumc.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 3, TherapyRooms: 3},
	{Kind: "hospital", Group: "care_providers", Name: "Maastricht UMC+", ShortName: "MUMC", City: "Maastricht", Country: "NL", Website: "https://www.mumc.nl",
		Hotlab: true, Cyclotron: true, PETCT: 3, SPECTCT: 2, TherapyRooms: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Radboudumc", ShortName: "Radboudumc", City: "Nijmegen", Country: "NL", Website: "https://www.radboudumc.nl",
		Notes: "University medical centre; capabilities are recorded on its department."},
	{Kind: "department", Group: "care_providers", Name: "Afdeling Medische Beeldvorming", ShortName: "Radboudumc-MB", City: "Nijmegen", Country: "NL", Parent: "Radboudumc",
		Hotlab: true, Cyclotron: true, PETCT: 3, SPECTCT: 3, TherapyRooms: 4, Notes: "Medical imaging department that includes nuclear medicine and radiochemistry."},
	{Kind: "hospital", Group: "care_providers", Name: "Universitair Medisch Centrum Groningen", ShortName: "UMCG", City: "Groningen", Country: "NL", Website: "https://www.umcg.nl",
		Notes: "University medical centre; capabilities are recorded on its department."},
	{Kind: "department", Group: "care_providers", Name: "Afdeling Nucleaire Geneeskunde en Moleculaire Beeldvorming", ShortName: "UMCG-NGMB", City: "Groningen", Country: "NL", Parent: "UMCG",
		Hotlab: true, Cyclotron: true, PETCT: 4, SPECTCT: 3, TherapyRooms: 4},
	{Kind: "hospital", Group: "care_providers", Name: "UMC Utrecht", ShortName: "UMCU", City: "Utrecht", Country: "NL", Website: "https://www.umcutrecht.nl",
		Hotlab: true, PETCT: 3, SPECTCT: 3, TherapyRooms: 4},

	// ---- National centres next to the UMCs -----------------------------------------------------
	{Kind: "hospital", Group: "care_providers", Name: "Prinses Máxima Centrum voor kinderoncologie", ShortName: "PMC", City: "Utrecht", Country: "NL", Website: "https://www.prinsesmaximacentrum.nl",
		SPECTCT: 1, TherapyRooms: 1, Notes: "National centre for paediatric oncology on the Utrecht Science Park, not itself a UMC."},
	{Kind: "hospital", Group: "care_providers", Name: "Antoni van Leeuwenhoek", ShortName: "AVL", City: "Amsterdam", Country: "NL", Website: "https://www.avl.nl",
		Hotlab: true, PETCT: 3, SPECTCT: 2, TherapyRooms: 3, Notes: "Cancer hospital of the Netherlands Cancer Institute."},

	// ---- Teaching and general hospitals, by province ---------------------------------------------
	// Groningen, Friesland, Drenthe
	{Kind: "hospital", Group: "care_providers", Name: "Martini Ziekenhuis", ShortName: "Martini", City: "Groningen", Country: "NL", Website: "https://www.martiniziekenhuis.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Medisch Centrum Leeuwarden", ShortName: "MCL", City: "Leeuwarden", Country: "NL", Website: "https://www.mcl.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Treant", ShortName: "Treant", City: "Emmen", Country: "NL", Website: "https://www.treant.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	// Overijssel, Flevoland
	{Kind: "hospital", Group: "care_providers", Name: "Isala", ShortName: "Isala", City: "Zwolle", Country: "NL", Website: "https://www.isala.nl",
		Notes: "Large teaching hospital; capabilities are recorded on its department."},
	{Kind: "department", Group: "care_providers", Name: "Afdeling Nucleaire Geneeskunde", ShortName: "Isala-NG", City: "Zwolle", Country: "NL", Parent: "Isala",
		Hotlab: true, PETCT: 2, SPECTCT: 3, TherapyRooms: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Medisch Spectrum Twente", ShortName: "MST", City: "Enschede", Country: "NL", Website: "https://www.mst.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Ziekenhuisgroep Twente", ShortName: "ZGT", City: "Almelo", Country: "NL", Website: "https://www.zgt.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Deventer Ziekenhuis", ShortName: "DZ", City: "Deventer", Country: "NL", Website: "https://www.dz.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Flevoziekenhuis", ShortName: "Flevo", City: "Almere", Country: "NL", Website: "https://www.flevoziekenhuis.nl",
		Hotlab: true, SPECTCT: 1},
	// Gelderland
	{Kind: "hospital", Group: "care_providers", Name: "Rijnstate", ShortName: "Rijnstate", City: "Arnhem", Country: "NL", Website: "https://www.rijnstate.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Canisius Wilhelmina Ziekenhuis", ShortName: "CWZ", City: "Nijmegen", Country: "NL", Website: "https://www.cwz.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Gelre ziekenhuizen", ShortName: "Gelre", City: "Apeldoorn", Country: "NL", Website: "https://www.gelre.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Ziekenhuis Gelderse Vallei", ShortName: "ZGV", City: "Ede", Country: "NL", Website: "https://www.geldersevallei.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	// Utrecht
	{Kind: "hospital", Group: "care_providers", Name: "St. Antonius Ziekenhuis", ShortName: "Antonius", City: "Nieuwegein", Country: "NL", Website: "https://www.antoniusziekenhuis.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 3, TherapyRooms: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Meander Medisch Centrum", ShortName: "Meander", City: "Amersfoort", Country: "NL", Website: "https://www.meandermc.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2, TherapyRooms: 1},
	// Noord-Holland
	{Kind: "hospital", Group: "care_providers", Name: "OLVG", ShortName: "OLVG", City: "Amsterdam", Country: "NL", Website: "https://www.olvg.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Noordwest Ziekenhuisgroep", ShortName: "NWZ", City: "Alkmaar", Country: "NL", Website: "https://www.nwz.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Spaarne Gasthuis", ShortName: "Spaarne", City: "Haarlem", Country: "NL", Website: "https://spaarnegasthuis.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Tergooi MC", ShortName: "Tergooi", City: "Hilversum", Country: "NL", Website: "https://www.tergooi.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Dijklander Ziekenhuis", ShortName: "Dijklander", City: "Hoorn", Country: "NL", Website: "https://www.dijklander.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	// Zuid-Holland
	{Kind: "hospital", Group: "care_providers", Name: "Haaglanden Medisch Centrum", ShortName: "HMC", City: "Den Haag", Country: "NL", Website: "https://www.haaglandenmc.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "HagaZiekenhuis", ShortName: "Haga", City: "Den Haag", Country: "NL", Website: "https://www.hagaziekenhuis.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Albert Schweitzer ziekenhuis", ShortName: "ASZ", City: "Dordrecht", Country: "NL", Website: "https://www.asz.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Franciscus Gasthuis & Vlietland", ShortName: "Franciscus", City: "Rotterdam", Country: "NL", Website: "https://www.franciscus.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Maasstad Ziekenhuis", ShortName: "Maasstad", City: "Rotterdam", Country: "NL", Website: "https://www.maasstadziekenhuis.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Reinier de Graaf Gasthuis", ShortName: "RdGG", City: "Delft", Country: "NL", Website: "https://www.reinierdegraaf.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Alrijne Ziekenhuis", ShortName: "Alrijne", City: "Leiderdorp", Country: "NL", Website: "https://www.alrijne.nl",
		Hotlab: true, SPECTCT: 1},
	// Zeeland
	{Kind: "hospital", Group: "care_providers", Name: "Admiraal De Ruyter Ziekenhuis", ShortName: "ADRZ", City: "Goes", Country: "NL", Website: "https://www.adrz.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},
	// Noord-Brabant
	{Kind: "hospital", Group: "care_providers", Name: "Catharina Ziekenhuis", ShortName: "Catharina", City: "Eindhoven", Country: "NL", Website: "https://www.catharinaziekenhuis.nl",
		Notes: "Large teaching hospital; capabilities are recorded on its department."},
	{Kind: "department", Group: "care_providers", Name: "Afdeling Nucleaire Geneeskunde", ShortName: "Catharina-NG", City: "Eindhoven", Country: "NL", Parent: "Catharina",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Jeroen Bosch Ziekenhuis", ShortName: "JBZ", City: "'s-Hertogenbosch", Country: "NL", Website: "https://www.jeroenboschziekenhuis.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Amphia", ShortName: "Amphia", City: "Breda", Country: "NL", Website: "https://www.amphia.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Elisabeth-TweeSteden Ziekenhuis", ShortName: "ETZ", City: "Tilburg", Country: "NL", Website: "https://www.etz.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "Máxima MC", ShortName: "MMC", City: "Veldhoven", Country: "NL", Website: "https://www.mmc.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Bravis ziekenhuis", ShortName: "Bravis", City: "Roosendaal", Country: "NL", Website: "https://www.bravis.nl",
		Hotlab: true, SPECTCT: 1},
	// Limburg
	{Kind: "hospital", Group: "care_providers", Name: "Zuyderland Medisch Centrum", ShortName: "Zuyderland", City: "Heerlen", Country: "NL", Website: "https://www.zuyderland.nl",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 1},
	{Kind: "hospital", Group: "care_providers", Name: "VieCuri Medisch Centrum", ShortName: "VieCuri", City: "Venlo", Country: "NL", Website: "https://www.viecuri.nl",
		Hotlab: true, PETCT: 1, SPECTCT: 1},

	// ---- Belgian hospitals (first partner across the border) ---------------------------------------
	{Kind: "hospital", Group: "care_providers", Name: "UZ Leuven", ShortName: "UZLeuven", City: "Leuven", Country: "BE", Website: "https://www.uzleuven.be",
		Hotlab: true, Cyclotron: true, PETCT: 4, SPECTCT: 3, TherapyRooms: 4},
	{Kind: "hospital", Group: "care_providers", Name: "UZ Gent", ShortName: "UZGent", City: "Gent", Country: "BE", Website: "https://www.uzgent.be",
		Hotlab: true, PETCT: 3, SPECTCT: 3, TherapyRooms: 3},
	{Kind: "hospital", Group: "care_providers", Name: "Universitair Ziekenhuis Antwerpen", ShortName: "UZA", City: "Edegem", Country: "BE", Website: "https://www.uza.be",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 2},
	{Kind: "hospital", Group: "care_providers", Name: "UZ Brussel", ShortName: "UZBrussel", City: "Brussels", Country: "BE", Website: "https://www.uzbrussel.be",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 2},
	{Kind: "hospital", Group: "care_providers", Name: "Institut Jules Bordet", ShortName: "Bordet", City: "Anderlecht", Country: "BE", Website: "https://www.bordet.be",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 3, Notes: "Cancer hospital, since 2021 on the Erasme campus of the Université libre de Bruxelles."},
	{Kind: "hospital", Group: "care_providers", Name: "Cliniques universitaires Saint-Luc", ShortName: "SaintLuc", City: "Brussels", Country: "BE", Website: "https://www.saintluc.be",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 2},
	{Kind: "hospital", Group: "care_providers", Name: "CHU de Liège", ShortName: "CHULiege", City: "Liège", Country: "BE", Website: "https://www.chuliege.be",
		Hotlab: true, PETCT: 2, SPECTCT: 2, TherapyRooms: 2},

	// ---- Companies ----------------------------------------------------------------------------------
	{Kind: "company", Group: "companies", Name: "Curium", ShortName: "Curium", City: "Paris", Country: "FR", Website: "https://www.curiumpharma.com",
		Notes: "Nuclear-medicine company formed from Mallinckrodt Nuclear Imaging and IBA Molecular, with its international head office in Paris."},
	{Kind: "company", Group: "companies", Name: "GE HealthCare", ShortName: "GEHC", City: "Chicago", Country: "US", Website: "https://www.gehealthcare.com",
		Notes: "Maker of PET/CT and SPECT/CT systems and of radiopharmaceuticals."},
	{Kind: "company", Group: "companies", Name: "Siemens Healthineers", ShortName: "Siemens", City: "Erlangen", Country: "DE", Website: "https://www.siemens-healthineers.com",
		Notes: "Maker of PET/CT and SPECT/CT systems and cyclotrons."},
	{Kind: "company", Group: "companies", Name: "Koninklijke Philips", ShortName: "Philips", City: "Amsterdam", Country: "NL", Website: "https://www.philips.com",
		Notes: "Dutch health-technology company that makes PET/CT systems."},
	{Kind: "company", Group: "companies", Name: "Novartis", ShortName: "Novartis", City: "Basel", Country: "CH", Website: "https://www.novartis.com",
		Notes: "Pharmaceutical company marketing Lu-177 radioligand therapies."},
	{Kind: "company", Group: "companies", Name: "Advanced Accelerator Applications", ShortName: "AAA", City: "Saint-Genis-Pouilly", Country: "FR", Parent: "Novartis",
		Notes: "Radiopharmaceutical company of Novartis behind [177Lu]Lu-DOTATATE and [177Lu]Lu-PSMA-617."},
	{Kind: "company", Group: "companies", Name: "Bayer", ShortName: "Bayer", City: "Leverkusen", Country: "DE", Website: "https://www.bayer.com",
		Notes: "Pharmaceutical company marketing the Ra-223 therapy."},
	{Kind: "company", Group: "companies", Name: "Eckert & Ziegler", ShortName: "EZAG", City: "Berlin", Country: "DE", Website: "https://www.ezag.com",
		Notes: "Maker of Ge-68/Ga-68 generators and radiopharmaceutical precursors."},
	{Kind: "company", Group: "companies", Name: "ITM Isotope Technologies Munich", ShortName: "ITM", City: "Garching", Country: "DE",
		Notes: "Supplier of non-carrier-added Lu-177."},
	{Kind: "company", Group: "companies", Name: "IBA (Ion Beam Applications)", ShortName: "IBA", City: "Louvain-la-Neuve", Country: "BE", Website: "https://www.iba-worldwide.com",
		Notes: "Belgian maker of cyclotrons for radiopharmaceutical production."},
	{Kind: "company", Group: "companies", Name: "Von Gahlen", ShortName: "VonGahlen", City: "Zevenaar", Country: "NL",
		Notes: "Dutch builder of shielded production facilities for radiopharmacy."},

	// ---- Research ------------------------------------------------------------------------------------
	{Kind: "research", Group: "researchers", Name: "Nederlands Kanker Instituut", ShortName: "NKI", City: "Amsterdam", Country: "NL", Website: "https://www.nki.nl", Parent: "AVL",
		Notes: "Research institute joined with the Antoni van Leeuwenhoek hospital."},
	{Kind: "research", Group: "researchers", Name: "Reactor Instituut Delft (TU Delft)", ShortName: "RID", City: "Delft", Country: "NL",
		Notes: "Reactor institute of Delft University of Technology, doing research on medical-isotope production."},
	{Kind: "research", Group: "researchers", Name: "Health~Holland (Topsector Life Sciences & Health)", ShortName: "HealthHolland", City: "Den Haag", Country: "NL", Website: "https://www.health-holland.com",
		Notes: "Top-sector organisation that funds public–private research partnerships."},
	{Kind: "research", Group: "researchers", Name: "Oncode Institute", ShortName: "Oncode", City: "Utrecht", Country: "NL", Website: "https://www.oncode.nl"},
	{Kind: "research", Group: "researchers", Name: "Integraal Kankercentrum Nederland", ShortName: "IKNL", City: "Utrecht", Country: "NL", Website: "https://iknl.nl",
		Notes: "Keeps the Netherlands Cancer Registry, a source of real-world data."},
	{Kind: "other", Group: "researchers", Name: "KWF Kankerbestrijding", ShortName: "KWF", City: "Amsterdam", Country: "NL", Website: "https://www.kwf.nl",
		Notes: "Dutch cancer charity and research funder."},
	{Kind: "other", Group: "researchers", Name: "ZonMw", ShortName: "ZonMw", City: "Den Haag", Country: "NL", Website: "https://www.zonmw.nl",
		Notes: "Netherlands organisation for health research and development."},

	// ---- Isotope production and processing -------------------------------------------------------------
	{Kind: "producer", Group: "isotope_production", Name: "NRG|PALLAS", ShortName: "NRG", City: "Petten", Country: "NL",
		Notes: "Formed by the merger of NRG and the PALLAS foundation; operates the High Flux Reactor and builds the PALLAS reactor."},
	{Kind: "producer", Group: "isotope_production", Name: "Hoge Flux Reactor", ShortName: "HFR", City: "Petten", Country: "NL", Parent: "NRG",
		Notes: "Research reactor owned by the EU Joint Research Centre and operated by NRG; a major source of Mo-99 and Lu-177."},
	{Kind: "producer", Group: "isotope_production", Name: "PALLAS-reactor", ShortName: "PALLAS", City: "Petten", Country: "NL", Parent: "NRG",
		Notes: "Planned research reactor, under construction, that will replace the High Flux Reactor."},
	{Kind: "producer", Group: "isotope_production", Name: "Curium Netherlands", ShortName: "CuriumNL", City: "Petten", Country: "NL", Parent: "Curium",
		Hotlab: true, Cyclotron: true, Notes: "Processes targets irradiated in the HFR into Mo-99/Tc-99m generators and Lu-177."},
	{Kind: "producer", Group: "isotope_production", Name: "SHINE Europe", ShortName: "SHINE", City: "Veendam", Country: "NL",
		Notes: "Planned accelerator-based facility of SHINE Technologies, to produce Lu-177 first and Mo-99 later."},
	{Kind: "producer", Group: "isotope_production", Name: "Hoger Onderwijs Reactor", ShortName: "HOR", City: "Delft", Country: "NL", Parent: "RID",
		Notes: "Research reactor of the Reactor Instituut Delft, used for isotope research and development."},
	{Kind: "producer", Group: "isotope_production", Name: "BV Cyclotron VU", ShortName: "CyclotronVU", City: "Amsterdam", Country: "NL", Website: "https://www.cyclotron.nl",
		Cyclotron: true, Hotlab: true, Notes: "Commercial cyclotron facility on the VU campus supplying radionuclides for SPECT and PET."},
	{Kind: "producer", Group: "isotope_production", Name: "Urenco Stable Isotopes", ShortName: "Urenco", City: "Almelo", Country: "NL",
		Notes: "Enriches stable isotopes such as Yb-176, the starting material for non-carrier-added Lu-177."},
	{Kind: "producer", Group: "isotope_production", Name: "SCK CEN (Studiecentrum voor Kernenergie)", ShortName: "SCKCEN", City: "Mol", Country: "BE", Website: "https://www.sckcen.be",
		Notes: "Belgian nuclear research centre that operates the BR2 reactor."},
	{Kind: "producer", Group: "isotope_production", Name: "BR2-reactor", ShortName: "BR2", City: "Mol", Country: "BE", Parent: "SCKCEN",
		Notes: "Research reactor that irradiates targets for Mo-99 and other medical isotopes."},
	{Kind: "producer", Group: "isotope_production", Name: "Institut national des Radioéléments", ShortName: "IRE", City: "Fleurus", Country: "BE", Website: "https://www.ire.eu",
		Hotlab: true, Notes: "Belgian processor of irradiated targets into Mo-99 and other medical isotopes."},
	{Kind: "producer", Group: "isotope_production", Name: "MARIA-reactor (NCBJ)", ShortName: "MARIA", City: "Otwock", Country: "PL",
		Notes: "Polish research reactor at Świerk that irradiates Mo-99 targets for European processors."},
	{Kind: "producer", Group: "isotope_production", Name: "LVR-15-reactor (Research Centre Řež)", ShortName: "LVR15", City: "Řež", Country: "CZ",
		Notes: "Czech research reactor that irradiates Mo-99 targets for European processors."},

	// ---- Government ------------------------------------------------------------------------------------
	{Kind: "government", Group: "governments", Name: "Ministerie van Volksgezondheid, Welzijn en Sport", ShortName: "VWS", City: "Den Haag", Country: "NL",
		Website: "https://www.rijksoverheid.nl/ministeries/ministerie-van-volksgezondheid-welzijn-en-sport", Notes: "Ministry of health; its programme directorate handles medical isotopes."},
	{Kind: "government", Group: "governments", Name: "Nederlandse Zorgautoriteit", ShortName: "NZa", City: "Utrecht", Country: "NL", Website: "https://www.nza.nl",
		Notes: "Healthcare market regulator that sets the DBC care products and tariffs."},
	{Kind: "government", Group: "governments", Name: "Zorginstituut Nederland", ShortName: "ZIN", City: "Diemen", Country: "NL", Website: "https://www.zorginstituutnederland.nl",
		Notes: "Advises on the basic health-insurance package and assesses new treatments."},
	{Kind: "government", Group: "governments", Name: "Rijksinstituut voor Volksgezondheid en Milieu", ShortName: "RIVM", City: "Bilthoven", Country: "NL", Website: "https://www.rivm.nl"},
	{Kind: "government", Group: "governments", Name: "Autoriteit Nucleaire Veiligheid en Stralingsbescherming", ShortName: "ANVS", City: "Den Haag", Country: "NL", Website: "https://www.autoriteitnvs.nl",
		Notes: "Regulator for nuclear safety and radiation protection."},
	{Kind: "government", Group: "governments", Name: "Inspectie Gezondheidszorg en Jeugd", ShortName: "IGJ", City: "Utrecht", Country: "NL", Website: "https://www.igj.nl"},
	{Kind: "government", Group: "governments", Name: "College ter Beoordeling van Geneesmiddelen", ShortName: "CBG", City: "Utrecht", Country: "NL", Website: "https://www.cbg-meb.nl",
		Notes: "Medicines evaluation board, named in the policy plan."},
	{Kind: "government", Group: "governments", Name: "Centrale Commissie Mensgebonden Onderzoek", ShortName: "CCMO", City: "Den Haag", Country: "NL", Website: "https://www.ccmo.nl",
		Notes: "Central committee on research involving human subjects, named in the policy plan."},
	{Kind: "government", Group: "governments", Name: "European Medicines Agency", ShortName: "EMA", City: "Amsterdam", Country: "NL", Website: "https://www.ema.europa.eu"},
	{Kind: "government", Group: "governments", Name: "Joint Research Centre (JRC) Petten", ShortName: "JRC", City: "Petten", Country: "NL",
		Notes: "Site of the European Commission's research centre that owns the High Flux Reactor."},
	{Kind: "government", Group: "governments", Name: "Federaal Agentschap voor Nucleaire Controle (FANC/AFCN)", ShortName: "FANC", City: "Brussels", Country: "BE", Website: "https://fanc.fgov.be",
		Notes: "Belgian regulator for nuclear safety and radiation protection."},

	// ---- Insurers (placed with governments, see above) -----------------------------------------------------
	{Kind: "insurer", Group: "governments", Name: "Zorgverzekeraars Nederland", ShortName: "ZN", City: "Zeist", Country: "NL", Website: "https://www.zn.nl",
		Notes: "Umbrella organisation of the Dutch health insurers, named in the policy plan."},
	{Kind: "insurer", Group: "governments", Name: "Coöperatie VGZ", ShortName: "VGZ", City: "Arnhem", Country: "NL", Website: "https://www.vgz.nl"},
	{Kind: "insurer", Group: "governments", Name: "CZ", ShortName: "CZ", City: "Tilburg", Country: "NL", Website: "https://www.cz.nl"},

	// ---- Patient organisations -----------------------------------------------------------------------------
	{Kind: "patient_org", Group: "patient_organisations", Name: "Patiëntenfederatie Nederland", ShortName: "PFN", City: "Utrecht", Country: "NL", Website: "https://www.patientenfederatie.nl",
		Notes: "Umbrella of Dutch patient organisations, named in the policy plan."},
	{Kind: "patient_org", Group: "patient_organisations", Name: "Nederlandse Federatie van Kankerpatiëntenorganisaties", ShortName: "NFK", City: "Utrecht", Country: "NL", Website: "https://nfk.nl"},
	{Kind: "patient_org", Group: "patient_organisations", Name: "Prostaatkankerstichting", ShortName: "PKS", Country: "NL", Website: "https://www.prostaatkankerstichting.nl",
		Notes: "Patient organisation for prostate cancer, the main indication of [177Lu]-PSMA therapy."},
	{Kind: "patient_org", Group: "patient_organisations", Name: "Stichting NET-groep", ShortName: "NETgroep", Country: "NL", Website: "https://www.net-groep.nl",
		Notes: "Patient organisation for neuroendocrine tumours, treated with PRRT."},
	{Kind: "patient_org", Group: "patient_organisations", Name: "Stichting Olijf", ShortName: "Olijf", Country: "NL", Website: "https://www.olijf.nl",
		Notes: "Network for women with gynaecological cancer."},
	{Kind: "patient_org", Group: "patient_organisations", Name: "Schildklierorganisatie Nederland", ShortName: "SON", Country: "NL", Website: "https://www.schildklier.nl",
		Notes: "Patient organisation for thyroid disease, including radioiodine treatment."},

	// ---- Professional societies and umbrella bodies ------------------------------------------------------------
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Nucleaire Geneeskunde", ShortName: "NVNG", City: "Utrecht", Country: "NL", Website: "https://www.nvng.nl",
		Notes: "The Dutch society of nuclear medicine, author of the 2023-2027 policy plan."},
	{Kind: "society", Group: "care_providers", Name: "Federatie Medisch Specialisten", ShortName: "FMS", City: "Utrecht", Country: "NL", Website: "https://demedischspecialist.nl"},
	{Kind: "other", Group: "care_providers", Name: "Nederlandse Federatie van Universitair Medische Centra", ShortName: "NFU", City: "Utrecht", Country: "NL", Website: "https://www.nfu.nl",
		Notes: "Federation of the seven Dutch university medical centres."},
	{Kind: "other", Group: "care_providers", Name: "Samenwerkende Topklinische opleidingsZiekenhuizen", ShortName: "STZ", City: "Utrecht", Country: "NL", Website: "https://www.stz.nl"},
	{Kind: "other", Group: "care_providers", Name: "Nederlandse Vereniging van Ziekenhuizen", ShortName: "NVZ", City: "Utrecht", Country: "NL", Website: "https://www.nvz-ziekenhuizen.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Radiologie", ShortName: "NVvR", City: "Utrecht", Country: "NL", Website: "https://www.radiologen.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Klinische Fysica", ShortName: "NVKF", City: "Utrecht", Country: "NL", Website: "https://www.nvkf.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging van Ziekenhuisapothekers", ShortName: "NVZA", Country: "NL", Website: "https://nvza.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Klinisch Radiochemische Vereniging", ShortName: "NKRV", Country: "NL",
		Notes: "Society of clinical radiochemists, named as a partner society in the policy plan."},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Pathologie", ShortName: "NVVP", City: "Utrecht", Country: "NL", Website: "https://www.pathology.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Medische Microbiologie", ShortName: "NVMM", City: "Utrecht", Country: "NL", Website: "https://www.nvmm.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Medische Oncologie", ShortName: "NVMO", Country: "NL", Website: "https://www.nvmo.org"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Cardiologie", ShortName: "NVVC", City: "Utrecht", Country: "NL", Website: "https://www.nvvc.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Internisten Vereniging", ShortName: "NIV", City: "Utrecht", Country: "NL", Website: "https://www.internisten.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Orthopaedische Vereniging", ShortName: "NOV", City: "'s-Hertogenbosch", Country: "NL", Website: "https://www.orthopeden.org"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Urologie", ShortName: "NVU", City: "Utrecht", Country: "NL", Website: "https://www.nvu.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Heelkunde", ShortName: "NVvH", City: "Utrecht", Country: "NL", Website: "https://heelkunde.nl"},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging voor Technische Geneeskunde", ShortName: "NVvTG", Country: "NL",
		Notes: "Society of technical physicians, a growing profession in nuclear medicine."},
	{Kind: "society", Group: "care_providers", Name: "Nederlandse Vereniging Medische Beeldvorming en Radiotherapie", ShortName: "NVMBR", City: "Utrecht", Country: "NL", Website: "https://www.nvmbr.nl",
		Notes: "Professional association of imaging and radiotherapy technologists."},
	{Kind: "society", Group: "care_providers", Name: "European Association of Nuclear Medicine", ShortName: "EANM", City: "Vienna", Country: "AT", Website: "https://www.eanm.org"},
	{Kind: "society", Group: "care_providers", Name: "Belgian Society of Nuclear Medicine", ShortName: "BELNUC", Country: "BE",
		Notes: "The Belgian national society of nuclear medicine."},
}
