package simulator

// Everything here is written for the simulator; none of it comes from the
// shared corpus. Phone numbers use the fictional 555-01xx range and e-mail
// addresses use example domains, so no generated person can be reached.

// Company is the simulated tenant's name.
const Company = "Brightline Health"

const companySlug = "brightlinehealth"

const companyAbout = "Brightline Health is a care company that combines clinics, at-home devices and " +
	"software to help people manage chronic conditions. Our nurses, clinicians, educators and " +
	"engineers work side by side so that every patient gets care that fits their life. We serve " +
	"more than 400,000 members through employers and health plans across North America and Europe."

var firstNames = []string{
	"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
	"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
	"Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty", "Mark", "Sandra", "Donald", "Ashley",
	"Steven", "Kimberly", "Andrew", "Emily", "Joshua", "Donna", "Kevin", "Michelle", "Brian", "Carol",
	"Priya", "Arjun", "Ananya", "Rohan", "Mei", "Wei", "Hiroshi", "Yuki", "Min-jun", "Seo-yeon",
	"Sofia", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucia", "Javier", "Isabela", "Andres",
	"Olumide", "Chiamaka", "Kwame", "Amara", "Tendai", "Zanele", "Fatima", "Omar", "Layla", "Youssef",
	"Aisha", "Hassan", "Noor", "Elif", "Mehmet", "Ingrid", "Lars", "Sven", "Freya", "Astrid",
	"Chloe", "Lucas", "Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia", "Oliver",
	"Grace", "Henry", "Zoe", "Samuel", "Nora", "Isaac", "Ruby", "Leo", "Hannah", "Felix",
	"Aaliyah", "Malik", "Imani", "Jamal", "Keisha", "Tyrone", "Dmitri", "Natalia", "Pavel", "Katarzyna",
	"Tomasz", "Giulia", "Marco", "Chiara", "Luca", "Siobhan", "Cian", "Aoife", "Niamh", "Rhys",
}

var lastNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
	"Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
	"Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
	"Patel", "Shah", "Kumar", "Singh", "Reddy", "Iyer", "Chen", "Wang", "Li", "Zhang",
	"Liu", "Tanaka", "Sato", "Suzuki", "Kim", "Park", "Choi", "Okafor", "Adeyemi", "Mensah",
	"Okonkwo", "Diallo", "Haddad", "Khalil", "Nasser", "Yilmaz", "Demir", "Kowalski", "Nowak", "Novak",
	"Ivanov", "Petrov", "Rossi", "Russo", "Bianchi", "Ferrari", "Schmidt", "Schneider", "Fischer", "Weber",
	"Muller", "Larsen", "Hansen", "Johansson", "Lindqvist", "O'Brien", "Murphy", "Kelly", "Byrne", "Walsh",
	"Dubois", "Laurent", "Moreau", "Fontaine", "Silva", "Santos", "Oliveira", "Costa", "Pereira", "Alves",
	"Cohen", "Levi", "Friedman", "Goldberg", "Hughes", "Evans", "Price", "Bennett", "Wood", "Barnes",
}

// cities are candidate home towns: city, region code and country.
var cities = []struct{ City, Region, Country string }{
	{"New York", "NY", "United States"}, {"Brooklyn", "NY", "United States"}, {"Jersey City", "NJ", "United States"},
	{"San Francisco", "CA", "United States"}, {"Oakland", "CA", "United States"}, {"San Jose", "CA", "United States"},
	{"Los Angeles", "CA", "United States"}, {"Seattle", "WA", "United States"}, {"Portland", "OR", "United States"},
	{"Austin", "TX", "United States"}, {"Dallas", "TX", "United States"}, {"Houston", "TX", "United States"},
	{"Chicago", "IL", "United States"}, {"Denver", "CO", "United States"}, {"Boston", "MA", "United States"},
	{"Atlanta", "GA", "United States"}, {"Miami", "FL", "United States"}, {"Raleigh", "NC", "United States"},
	{"Minneapolis", "MN", "United States"}, {"Philadelphia", "PA", "United States"}, {"Columbus", "OH", "United States"},
	{"Toronto", "ON", "Canada"}, {"Montreal", "QC", "Canada"}, {"Vancouver", "BC", "Canada"},
	{"London", "", "United Kingdom"}, {"Manchester", "", "United Kingdom"}, {"Dublin", "", "Ireland"},
	{"Berlin", "", "Germany"}, {"Amsterdam", "", "Netherlands"}, {"Lisbon", "", "Portugal"},
}

var streets = []string{"Maple Avenue", "Oak Street", "Park Place", "Cedar Lane", "Elm Street", "Washington Street",
	"Lake View Drive", "Hillside Road", "River Road", "Sunset Boulevard", "Mill Street", "Church Street",
	"Highland Avenue", "Prospect Street", "Willow Way", "Garden Court"}

// officeSpecs are the tenant's offices; the first is headquarters.
var officeSpecs = []struct{ Name, Location string }{
	{"New York", "New York, NY, United States"},
	{"San Francisco", "San Francisco, CA, United States"},
	{"Austin", "Austin, TX, United States"},
	{"Toronto", "Toronto, ON, Canada"},
	{"London", "London, United Kingdom"},
	{"Berlin", "Berlin, Germany"},
	{"Remote", "Remote"},
}

// departmentSpecs are the tenant's departments; Parent names a parent
// department (empty at the top level).
var departmentSpecs = []struct{ Name, Parent string }{
	{"Engineering", ""}, {"Hardware", "Engineering"}, {"Data", ""}, {"Product", ""}, {"Design", ""},
	{"Sales", ""}, {"Marketing", ""}, {"Customer Success", ""}, {"Finance", ""}, {"People", ""},
	{"Operations", ""}, {"Legal", ""}, {"Clinical Services", ""},
}

var sourceSpecs = []struct {
	Name     string
	TypeID   int64
	TypeName string
	Weight   int
}{
	{"LinkedIn", 1, "Job board", 20},
	{"Jobs page on your website", 2, "Company marketing", 22},
	{"Indeed", 1, "Job board", 14},
	{"Referral", 3, "Referral", 12},
	{"Glassdoor", 1, "Job board", 6},
	{"LinkedIn (Prospecting)", 5, "Prospecting", 6},
	{"Agency", 4, "Agencies", 5},
	{"Meetups", 6, "Other", 2},
	{"Internal Applicant", 6, "Other", 3},
	{"Wellfound", 1, "Job board", 3},
	{"Health eCareers", 1, "Job board", 4},
	{"University Career Fair", 2, "Company marketing", 3},
}

// Rejection reason types: the v1 {id,name} and the v3 key.
var rejectionTypes = map[int64]struct{ Key, Name string }{
	1: {"WE_REJECTED_THEM", "We rejected them"},
	2: {"THEY_REJECTED_US", "They rejected us"},
	3: {"NONE_SPECIFIED", "None specified"},
}

var rejectionSpecs = []struct {
	Name   string
	TypeID int64
}{
	{"Lacking skill(s)/qualification(s)", 1},
	{"Underqualified", 1},
	{"Overqualified", 1},
	{"Not a culture add", 1},
	{"Hired another candidate", 1},
	{"Location", 1},
	{"Failed take home test", 1},
	{"Accepted another offer", 2},
	{"Compensation expectations", 2},
	{"Not interested in the role", 2},
	{"Unresponsive", 2},
	{"Position closed", 3},
	{"Hiring freeze", 3},
	{"Duplicate", 3},
}

var closeReasonSpecs = []string{"Hired", "Backfill", "Position cancelled", "Budget change", "Filled internally"}

var schools = []string{
	"University of Michigan - Ann Arbor", "Stanford University", "University of Texas at Austin",
	"Georgia Institute of Technology", "University of California, Berkeley", "University of Washington",
	"New York University", "Boston University", "Ohio State University", "Arizona State University",
	"University of Toronto", "McGill University", "University of British Columbia", "University of Waterloo",
	"University College London", "University of Manchester", "Trinity College Dublin", "TU Berlin",
	"University of Amsterdam", "University of Lisbon", "Rutgers University", "Pennsylvania State University",
	"University of Florida", "University of Illinois Urbana-Champaign", "Purdue University",
	"University of Minnesota", "Northeastern University", "Howard University", "San Jose State University",
	"City College of New York", "Santa Monica College", "Miami Dade College", "Johns Hopkins University",
	"University of North Carolina at Chapel Hill", "Emory University", "Culinary Institute of America",
}

// degreesByLevel are typical highest degrees; the first entries dominate.
var degrees = []string{"Bachelor's Degree", "Bachelor's Degree", "Bachelor's Degree", "Master's Degree",
	"Associate's Degree", "Master's Degree", "Doctorate", "High School"}

// employers are fictional organisations per sector.
var employers = map[string][]string{
	"tech": {"Nimbus Labs", "Quantive", "Parcel Street", "Orbitly", "Hexa Systems", "Tidewater Software",
		"Lumen Analytics", "Fernway", "Copperline", "Stackwise", "Northbeam Tech", "Brightpath Apps",
		"Cobalt Cloud", "Pinecrest Digital", "Kestrel AI", "Vantage Health Tech", "Mosaic Data", "Arcadia Robotics"},
	"finance": {"Harbor Ridge Bank", "Summit Capital Partners", "Clearwater Accounting", "Meridian Insurance",
		"Granite Financial", "Blue Heron Credit Union", "Atlas Advisory", "Ledgerly"},
	"services": {"Redwood Staffing", "Crescent Media", "Ironclad Logistics", "Bluebird Telecom", "Acme Retail Group",
		"Silverline Hospitality", "Everpeak Consulting", "Harvest Foods", "Union Street Marketing", "Keystone SaaS"},
	"healthcare": {"St. Anne's Medical Center", "Riverside Health System", "Mercy General Hospital",
		"Northside Community Clinic", "Valley Children's Hospital", "CareFirst Home Health", "Lakeshore Medical Group",
		"Pine Valley Nursing Home"},
	"education": {"Lincoln High School", "Maple Grove Elementary", "Eastside Charter School", "Riverdale Middle School",
		"Westbrook Academy", "Bright Futures Learning Center", "Central Community College"},
	"hospitality": {"The Copper Pot", "Harborview Hotel", "Olive & Thyme Bistro", "Grand Plaza Catering",
		"Green Table Cafe", "Sunrise Senior Living Dining"},
	"manufacturing": {"Precision Dynamics", "Midwest Medical Devices", "Apex Manufacturing", "Vector Instruments",
		"Cascade Plastics", "Helix Biomedical"},
	"construction": {"Turner & Hale Builders", "Granite State Construction", "Ironwood Contractors",
		"Summit Facilities Group", "BlueLine Builders"},
	"legal": {"Whitfield & Moss LLP", "Carver Legal Group", "Hanover Partners LLP", "Sterling Compliance"},
}

var benefits = []string{
	"Comprehensive medical, dental and vision coverage from day one",
	"401(k) or pension plan with a 4% company match",
	"Equity in a growing company",
	"Flexible paid time off plus 12 company holidays",
	"16 weeks of paid parental leave",
	"$1,500 yearly learning and development budget",
	"Home-office stipend and a monthly wellness allowance",
	"Free Brightline Health membership for you and your family",
}

var tagPool = []string{"Referral", "Silver Medalist", "Do Not Contact", "Relocation", "Visa Sponsorship",
	"Bilingual", "Diversity Pipeline", "Rehire Eligible", "Event: Career Fair", "Hot Lead"}

var noteBodies = []string{
	"Great call today. Strong on %s, wants to grow into a lead role.",
	"Candidate asked about remote options and the on-call rotation.",
	"Compensation expectations are at the top of our band; flagging for the hiring manager.",
	"Spoke with %s's reference; very positive about ownership and communication.",
	"Available to start in four weeks. Prefers the %s office.",
	"Left a voicemail and sent a follow-up e-mail.",
	"Strong portfolio. Would be a good fit for a future opening too.",
	"Has another offer with a deadline next Friday.",
}

var emailSubjects = []string{"Regarding your application", "Next steps with Brightline Health",
	"Scheduling your interview", "Thanks for your time today"}
