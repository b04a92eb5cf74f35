package simulator

// roleFamily is the vocabulary of one kind of work: titles by seniority,
// skills (several of them multi-word, as recruiters search for them), resume
// bullets and job-post responsibilities. Resumes and job posts are written
// from the same vocabulary, so a candidate's resume shares words with the
// posts of their family, partly with related families and little with the
// rest: ranking is possible but not trivial.
type roleFamily struct {
	Key  string
	Dept string // department name, see departmentSpecs
	// Titles by level: 0 junior, 1 mid, 2 senior, 3 lead/manager.
	Titles [4][]string
	// Skills are the core skills, the most central first.
	Skills []string
	// Tools are technologies or instruments of the trade.
	Tools []string
	// Duties are resume bullets. Placeholders: {skill}, {tool}, {n} (a
	// small number), {pct} (a percentage), {team} (a team size).
	Duties []string
	// Resp are job-post responsibilities.
	Resp []string
	// Focus completes "... with N years of experience in <focus>".
	Focus       string
	Disciplines []string
	Sector      string // employer pool, see employers
	Related     []string
	Certs       []string
	// Tech families get a take-home test stage.
	Tech bool
	// JobWeight and CandWeight set how often the family appears among jobs
	// and candidates; families with JobWeight 0 never get a job, so their
	// candidates are the weak matches for every posting.
	JobWeight, CandWeight int
}

var families = []roleFamily{
	{
		Key: "backend", Dept: "Engineering", Tech: true, JobWeight: 9, CandWeight: 9, Sector: "tech",
		Titles: [4][]string{
			{"Junior Backend Engineer", "Associate Software Engineer"},
			{"Backend Engineer", "Software Engineer, Backend", "Backend Developer"},
			{"Senior Backend Engineer", "Senior Software Engineer"},
			{"Staff Backend Engineer", "Engineering Lead, Platform", "Principal Software Engineer"},
		},
		Skills: []string{"Go", "Python", "Java", "PostgreSQL", "REST APIs", "distributed systems", "microservices",
			"gRPC", "Kafka", "Redis", "system design", "SQL", "event-driven architecture", "API design", "unit testing",
			"Kubernetes", "Docker", "AWS"},
		Tools: []string{"Git", "GitHub Actions", "Terraform", "Datadog", "OpenTelemetry", "RabbitMQ", "MySQL", "Linux"},
		Duties: []string{
			"Designed and built {skill} services handling {n}k requests per minute with p99 latency under 80 ms",
			"Led the migration of a monolith to {skill}, cutting deployment time by {pct}%",
			"Owned the {skill} schema and query tuning for a {n} TB dataset",
			"Introduced {tool} tracing across {n} services, reducing time to resolve incidents by {pct}%",
			"Built an idempotent payments API with {skill} and {skill}",
			"Mentored {team} engineers through code reviews and design documents",
			"Implemented rate limiting and retries for third-party integrations using {skill}",
			"Wrote the on-call runbooks and reduced pages by {pct}% through better alerting",
			"Shipped a multi-tenant permissions service used by {n} internal teams",
			"Improved unit testing coverage from 40% to {pct}% on the core billing code",
		},
		Resp: []string{
			"Design, build and operate the backend services behind our clinician and patient apps",
			"Own APIs end to end: data model, performance, observability and on-call",
			"Work with product and design to turn ambiguous problems into simple systems",
			"Improve reliability and latency of distributed systems that handle sensitive health data",
			"Review code and mentor engineers across the team",
		},
		Focus:       "building reliable backend services and APIs",
		Disciplines: []string{"Computer Science", "Software Engineering", "Computer Engineering", "Mathematics"},
		Related:     []string{"devops", "data_engineering", "frontend"},
		Certs:       []string{"AWS Certified Developer", "Certified Kubernetes Application Developer"},
	},
	{
		Key: "frontend", Dept: "Engineering", Tech: true, JobWeight: 6, CandWeight: 7, Sector: "tech",
		Titles: [4][]string{
			{"Junior Frontend Developer", "Associate Frontend Engineer"},
			{"Frontend Engineer", "UI Engineer", "Web Developer"},
			{"Senior Frontend Engineer", "Senior UI Engineer"},
			{"Staff Frontend Engineer", "Frontend Tech Lead"},
		},
		Skills: []string{"JavaScript", "TypeScript", "React", "HTML", "CSS", "web accessibility", "Next.js",
			"state management", "responsive design", "design systems", "web performance", "GraphQL", "Jest",
			"component libraries", "REST APIs", "Vue.js"},
		Tools: []string{"Webpack", "Vite", "Storybook", "Cypress", "Playwright", "Figma", "Tailwind CSS", "Git"},
		Duties: []string{
			"Rebuilt the patient onboarding flow in {skill}, lifting completion by {pct}%",
			"Created a shared {skill} library used by {n} product teams",
			"Cut bundle size by {pct}% through code splitting and {tool} tuning",
			"Led the WCAG 2.1 AA web accessibility audit and fixed {n} issues",
			"Built end-to-end tests with {tool} covering the checkout and sign-up flows",
			"Introduced {skill} across the codebase and migrated {n}k lines of JavaScript",
			"Worked with designers in {tool} to ship a responsive design for mobile web",
			"Improved Largest Contentful Paint from 4.1 s to 1.8 s through web performance work",
		},
		Resp: []string{
			"Build fast, accessible web applications for patients and care teams",
			"Own our design system together with the design team",
			"Improve web performance and front-end reliability",
			"Collaborate with backend engineers on API contracts",
		},
		Focus:       "building accessible, fast web applications",
		Disciplines: []string{"Computer Science", "Interaction Design", "Information Systems"},
		Related:     []string{"backend", "design", "mobile"},
	},
	{
		Key: "mobile", Dept: "Engineering", Tech: true, JobWeight: 3, CandWeight: 4, Sector: "tech",
		Titles: [4][]string{
			{"Junior iOS Developer", "Junior Android Developer"},
			{"Mobile Engineer", "iOS Engineer", "Android Engineer"},
			{"Senior Mobile Engineer", "Senior iOS Engineer", "Senior Android Engineer"},
			{"Lead Mobile Engineer", "Mobile Tech Lead"},
		},
		Skills: []string{"Swift", "Kotlin", "iOS", "Android", "SwiftUI", "Jetpack Compose", "React Native",
			"mobile architecture", "offline sync", "push notifications", "App Store release", "unit testing", "REST APIs"},
		Tools: []string{"Xcode", "Android Studio", "Firebase", "Fastlane", "Crashlytics", "Gradle"},
		Duties: []string{
			"Shipped the {skill} app to {n}k monthly active users with a 4.8 star rating",
			"Rewrote the appointment screens in {skill}, cutting crash rate by {pct}%",
			"Built offline sync for field clinicians using {skill}",
			"Automated App Store release with {tool}, from two days to two hours",
			"Added push notifications that raised appointment attendance by {pct}%",
		},
		Resp: []string{
			"Build and ship our iOS and Android apps",
			"Own mobile architecture, release process and quality",
			"Work closely with design on delightful native experiences",
		},
		Focus:       "native and cross-platform mobile development",
		Disciplines: []string{"Computer Science", "Software Engineering"},
		Related:     []string{"frontend", "backend"},
	},
	{
		Key: "data_science", Dept: "Data", Tech: true, JobWeight: 4, CandWeight: 6, Sector: "tech",
		Titles: [4][]string{
			{"Junior Data Scientist", "Data Science Intern"},
			{"Data Scientist", "Decision Scientist"},
			{"Senior Data Scientist", "Senior Decision Scientist"},
			{"Lead Data Scientist", "Principal Data Scientist"},
		},
		Skills: []string{"Python", "machine learning", "statistics", "SQL", "A/B testing", "causal inference",
			"pandas", "scikit-learn", "experiment design", "regression analysis", "forecasting", "data visualization",
			"R", "Bayesian statistics", "feature engineering"},
		Tools: []string{"Jupyter", "Snowflake", "dbt", "Looker", "Tableau", "XGBoost", "PyTorch", "Spark"},
		Duties: []string{
			"Built a churn model with {skill} and {tool}, saving ${n}00k in annual revenue",
			"Designed and analysed {n} A/B tests per quarter for the growth team",
			"Applied causal inference to measure the impact of care programs on readmissions",
			"Created {skill} dashboards in {tool} used by the executive team every week",
			"Forecast patient demand per clinic with {skill}, cutting staffing costs by {pct}%",
			"Partnered with product managers to define north-star metrics",
		},
		Resp: []string{
			"Use statistics and machine learning to answer our hardest product questions",
			"Design experiments and measure impact on patient outcomes",
			"Build models that go to production with the ML engineering team",
			"Communicate findings clearly to clinical and business leaders",
		},
		Focus:       "statistics, experimentation and machine learning",
		Disciplines: []string{"Statistics", "Mathematics", "Economics", "Computer Science", "Physics"},
		Related:     []string{"ml_engineering", "data_engineering", "data_analyst"},
	},
	{
		Key: "data_engineering", Dept: "Data", Tech: true, JobWeight: 3, CandWeight: 5, Sector: "tech",
		Titles: [4][]string{
			{"Junior Data Engineer", "ETL Developer"},
			{"Data Engineer", "Analytics Engineer"},
			{"Senior Data Engineer", "Senior Analytics Engineer"},
			{"Lead Data Engineer", "Data Platform Lead"},
		},
		Skills: []string{"SQL", "Python", "data pipelines", "ETL", "Apache Spark", "Airflow", "dbt", "data modeling",
			"data warehousing", "Kafka", "Snowflake", "BigQuery", "data quality", "streaming"},
		Tools: []string{"Fivetran", "Databricks", "Terraform", "AWS Glue", "Great Expectations", "Docker"},
		Duties: []string{
			"Built {skill} pipelines in {tool} moving {n} TB per day",
			"Modelled the claims warehouse with {skill}, cutting query time by {pct}%",
			"Introduced data quality checks with {tool} on {n} critical tables",
			"Migrated batch ETL to {skill}, delivering data within five minutes",
			"Owned the {skill} orchestration for {n} daily jobs",
		},
		Resp: []string{
			"Build and run the pipelines that feed analytics, reporting and machine learning",
			"Model data in our warehouse so that it is trusted and easy to use",
			"Own data quality, lineage and access controls for health data",
		},
		Focus:       "data pipelines, data modeling and warehousing",
		Disciplines: []string{"Computer Science", "Information Systems", "Mathematics"},
		Related:     []string{"backend", "data_science", "data_analyst"},
	},
	{
		Key: "ml_engineering", Dept: "Data", Tech: true, JobWeight: 2, CandWeight: 3, Sector: "tech",
		Titles: [4][]string{
			{"Junior Machine Learning Engineer"},
			{"Machine Learning Engineer", "ML Engineer"},
			{"Senior Machine Learning Engineer"},
			{"Staff Machine Learning Engineer", "ML Platform Lead"},
		},
		Skills: []string{"machine learning", "Python", "deep learning", "PyTorch", "MLOps", "model serving",
			"natural language processing", "TensorFlow", "feature stores", "computer vision", "Kubernetes", "large language models"},
		Tools: []string{"MLflow", "Kubeflow", "Ray", "Hugging Face", "SageMaker", "ONNX", "Docker"},
		Duties: []string{
			"Deployed {skill} models to production serving {n} predictions per second",
			"Built an MLOps platform with {tool} used by {n} data scientists",
			"Fine-tuned {skill} models to triage patient messages with {pct}% accuracy",
			"Reduced model training cost by {pct}% with {tool} and spot instances",
		},
		Resp: []string{
			"Take machine learning models from notebook to production",
			"Build our model serving, monitoring and feature platform",
			"Apply natural language processing to clinical text safely",
		},
		Focus:       "deploying machine learning systems in production",
		Disciplines: []string{"Computer Science", "Statistics", "Electrical Engineering"},
		Related:     []string{"data_science", "backend", "data_engineering"},
	},
	{
		Key: "data_analyst", Dept: "Data", JobWeight: 3, CandWeight: 5, Sector: "finance",
		Titles: [4][]string{
			{"Junior Data Analyst", "Reporting Analyst"},
			{"Data Analyst", "Business Intelligence Analyst"},
			{"Senior Data Analyst", "Senior BI Analyst"},
			{"Analytics Manager", "Lead Data Analyst"},
		},
		Skills: []string{"SQL", "Excel", "data visualization", "Tableau", "Power BI", "reporting", "statistics",
			"dashboards", "KPI tracking", "data analysis", "Python", "stakeholder management"},
		Tools: []string{"Looker", "Google Sheets", "Snowflake", "Alteryx", "SAS"},
		Duties: []string{
			"Built {n} {skill} dashboards for operations and finance leaders",
			"Automated weekly reporting in {tool}, saving {n} hours per week",
			"Analysed clinic utilisation with {skill} and found ${n}00k in savings",
			"Defined KPI tracking for a new service line across {n} regions",
		},
		Resp: []string{
			"Turn data into clear reports and dashboards for teams across the company",
			"Partner with operations and finance on KPI tracking",
			"Own data analysis for key business reviews",
		},
		Focus:       "reporting, dashboards and data analysis",
		Disciplines: []string{"Economics", "Statistics", "Business Administration", "Mathematics"},
		Related:     []string{"data_science", "finance", "operations"},
	},
	{
		Key: "devops", Dept: "Engineering", Tech: true, JobWeight: 4, CandWeight: 5, Sector: "tech",
		Titles: [4][]string{
			{"Junior DevOps Engineer", "Systems Administrator"},
			{"DevOps Engineer", "Site Reliability Engineer", "Cloud Engineer"},
			{"Senior Site Reliability Engineer", "Senior DevOps Engineer"},
			{"Staff Site Reliability Engineer", "Infrastructure Lead"},
		},
		Skills: []string{"Kubernetes", "Terraform", "AWS", "Linux", "CI/CD", "infrastructure as code", "Docker",
			"incident management", "observability", "Prometheus", "Bash", "networking", "Google Cloud", "Go", "site reliability"},
		Tools: []string{"Grafana", "Helm", "Ansible", "Jenkins", "ArgoCD", "PagerDuty", "Vault", "Datadog"},
		Duties: []string{
			"Ran {n} {skill} clusters with 99.95% availability",
			"Moved all infrastructure to {skill} with {tool}, cutting provisioning from days to minutes",
			"Built CI/CD pipelines with {tool} shipping {n} deploys per day",
			"Led incident management and blameless postmortems for {n} incidents",
			"Cut cloud spend by {pct}% through rightsizing and reserved capacity",
			"Rolled out observability with {skill} and {tool} for every service",
		},
		Resp: []string{
			"Run our cloud infrastructure with infrastructure as code",
			"Own CI/CD, observability and incident management",
			"Keep our HIPAA-compliant platform secure, fast and cost-effective",
		},
		Focus:       "cloud infrastructure, CI/CD and site reliability",
		Disciplines: []string{"Computer Science", "Information Technology", "Computer Engineering"},
		Related:     []string{"backend", "security", "it_support"},
		Certs:       []string{"AWS Certified Solutions Architect", "Certified Kubernetes Administrator"},
	},
	{
		Key: "qa", Dept: "Engineering", Tech: true, JobWeight: 2, CandWeight: 4, Sector: "tech",
		Titles: [4][]string{
			{"QA Tester", "Junior QA Engineer"},
			{"QA Engineer", "Software Engineer in Test"},
			{"Senior QA Engineer", "Senior SDET"},
			{"QA Lead", "Quality Engineering Manager"},
		},
		Skills: []string{"test automation", "Selenium", "manual testing", "regression testing", "test plans",
			"API testing", "Cypress", "Python", "Java", "performance testing", "bug tracking", "Agile"},
		Tools: []string{"Jira", "TestRail", "Postman", "JMeter", "Appium", "Playwright"},
		Duties: []string{
			"Automated {n} regression tests with {skill}, cutting release testing from three days to four hours",
			"Wrote test plans for a HIPAA audit of the patient portal",
			"Built API testing suites in {tool} for {n} services",
			"Ran performance testing with {tool} ahead of open enrolment",
		},
		Resp: []string{
			"Own test automation and quality for our web and mobile apps",
			"Write test plans and drive regression testing before releases",
			"Partner with engineers to build quality in from the start",
		},
		Focus:       "test automation and software quality",
		Disciplines: []string{"Computer Science", "Information Technology"},
		Related:     []string{"backend", "frontend"},
		Certs:       []string{"ISTQB Certified Tester"},
	},
	{
		Key: "security", Dept: "Engineering", Tech: true, JobWeight: 2, CandWeight: 3, Sector: "tech",
		Titles: [4][]string{
			{"Security Analyst", "Junior Security Engineer"},
			{"Security Engineer", "Application Security Engineer"},
			{"Senior Security Engineer"},
			{"Security Lead", "Head of Security Engineering"},
		},
		Skills: []string{"application security", "threat modeling", "penetration testing", "SIEM", "incident response",
			"cloud security", "vulnerability management", "IAM", "HIPAA", "SOC 2", "network security", "Python"},
		Tools: []string{"Burp Suite", "Splunk", "CrowdStrike", "Okta", "Wiz", "Nessus"},
		Duties: []string{
			"Led SOC 2 Type II and HIPAA audits with zero major findings",
			"Built a vulnerability management program across {n} services",
			"Ran threat modeling sessions for every new product launch",
			"Tuned {tool} SIEM alerts, cutting false positives by {pct}%",
			"Responded to {n} security incidents as incident response lead",
		},
		Resp: []string{
			"Protect patient data across our cloud and applications",
			"Drive application security, threat modeling and vulnerability management",
			"Own compliance programs such as SOC 2 and HIPAA",
		},
		Focus:       "application and cloud security",
		Disciplines: []string{"Computer Science", "Cybersecurity", "Information Systems"},
		Related:     []string{"devops", "backend", "it_support"},
		Certs:       []string{"CISSP", "OSCP", "CompTIA Security+"},
	},
	{
		Key: "it_support", Dept: "Operations", JobWeight: 1, CandWeight: 3, Sector: "tech",
		Titles: [4][]string{
			{"IT Support Technician", "Help Desk Analyst"},
			{"IT Support Specialist", "Systems Administrator"},
			{"Senior IT Specialist", "IT Systems Engineer"},
			{"IT Manager", "Head of IT"},
		},
		Skills: []string{"help desk", "troubleshooting", "Active Directory", "Windows", "macOS", "device management",
			"networking", "Office 365", "ticketing systems", "hardware support", "Okta", "Jamf"},
		Tools: []string{"ServiceNow", "Zendesk", "Intune", "Google Workspace", "Slack"},
		Duties: []string{
			"Resolved {n} help desk tickets per week with a {pct}% satisfaction score",
			"Rolled out device management with {tool} for {n}0 laptops",
			"Onboarded and offboarded staff across {n} offices",
			"Migrated email to {skill} with no downtime",
		},
		Resp: []string{
			"Support our staff and clinics with fast, friendly help desk service",
			"Manage devices, accounts and networks",
		},
		Focus:       "IT support and systems administration",
		Disciplines: []string{"Information Technology", "Computer Science"},
		Related:     []string{"devops", "security", "support"},
		Certs:       []string{"CompTIA A+", "CompTIA Network+"},
	},
	{
		Key: "product_management", Dept: "Product", JobWeight: 4, CandWeight: 5, Sector: "tech",
		Titles: [4][]string{
			{"Associate Product Manager", "Product Analyst"},
			{"Product Manager"},
			{"Senior Product Manager"},
			{"Group Product Manager", "Director of Product"},
		},
		Skills: []string{"product strategy", "roadmapping", "user research", "A/B testing", "stakeholder management",
			"product discovery", "Agile", "SQL", "go-to-market", "prioritization", "product analytics", "requirements gathering"},
		Tools: []string{"Jira", "Amplitude", "Mixpanel", "Figma", "Productboard", "Confluence"},
		Duties: []string{
			"Launched a telehealth product that reached {n}k patients in six months",
			"Owned the roadmap for a {team}-person team across web and mobile",
			"Ran product discovery with {n} customer interviews per month",
			"Grew activation by {pct}% through A/B testing with {tool}",
			"Wrote requirements and aligned stakeholders across clinical, legal and engineering",
		},
		Resp: []string{
			"Own product strategy and the roadmap for a core area of our platform",
			"Lead product discovery with patients and clinicians",
			"Work with engineering and design to ship and measure outcomes",
		},
		Focus:       "product strategy, discovery and delivery",
		Disciplines: []string{"Business Administration", "Computer Science", "Economics", "Psychology"},
		Related:     []string{"design", "data_analyst", "marketing"},
	},
	{
		Key: "design", Dept: "Design", JobWeight: 3, CandWeight: 5, Sector: "tech",
		Titles: [4][]string{
			{"Junior Product Designer", "UX Designer"},
			{"Product Designer", "UX/UI Designer"},
			{"Senior Product Designer"},
			{"Lead Product Designer", "Design Manager"},
		},
		Skills: []string{"user experience", "interaction design", "Figma", "prototyping", "user research",
			"design systems", "visual design", "usability testing", "wireframing", "information architecture", "accessibility"},
		Tools: []string{"Sketch", "Adobe Creative Suite", "Miro", "Maze", "Principle"},
		Duties: []string{
			"Redesigned the booking flow, raising conversion by {pct}%",
			"Built the {skill} foundation of our design system in {tool}",
			"Ran {n} rounds of usability testing with patients and nurses",
			"Created wireframes and prototypes for a new care-plan experience",
		},
		Resp: []string{
			"Design simple, humane experiences for patients and clinicians",
			"Run user research and usability testing",
			"Contribute to and evolve our design system",
		},
		Focus:       "user experience and interaction design",
		Disciplines: []string{"Interaction Design", "Graphic Design", "Human-Computer Interaction", "Psychology"},
		Related:     []string{"frontend", "product_management", "marketing"},
	},
	{
		Key: "sales", Dept: "Sales", JobWeight: 4, CandWeight: 6, Sector: "services",
		Titles: [4][]string{
			{"Sales Associate", "Inside Sales Representative"},
			{"Account Executive"},
			{"Senior Account Executive", "Enterprise Account Executive"},
			{"Sales Manager", "Director of Sales"},
		},
		Skills: []string{"B2B sales", "pipeline management", "Salesforce", "negotiation", "account management",
			"quota attainment", "solution selling", "forecasting", "enterprise sales", "contract negotiation",
			"prospecting", "relationship building"},
		Tools: []string{"HubSpot", "Gong", "Outreach", "LinkedIn Sales Navigator", "DocuSign"},
		Duties: []string{
			"Closed ${n}.2M in new annual recurring revenue, {pct}% of quota",
			"Managed a pipeline of {n}0 health-system accounts in {skill}",
			"Led contract negotiation for multi-year deals with hospital networks",
			"Ranked top {n} of {team} account executives two years running",
		},
		Resp: []string{
			"Own a territory of employers and health plans from first call to signed contract",
			"Build pipeline and forecast accurately in Salesforce",
			"Negotiate multi-year agreements with senior buyers",
		},
		Focus:       "B2B and enterprise sales",
		Disciplines: []string{"Business Administration", "Marketing", "Communications"},
		Related:     []string{"sdr", "customer_success", "marketing"},
	},
	{
		Key: "sdr", Dept: "Sales", JobWeight: 2, CandWeight: 4, Sector: "services",
		Titles: [4][]string{
			{"Sales Development Representative", "Business Development Representative"},
			{"Senior Sales Development Representative"},
			{"Lead Business Development Representative"},
			{"Sales Development Manager"},
		},
		Skills: []string{"cold calling", "prospecting", "lead generation", "Salesforce", "email outreach",
			"qualification", "CRM", "objection handling", "appointment setting"},
		Tools: []string{"Outreach", "SalesLoft", "ZoomInfo", "LinkedIn Sales Navigator", "HubSpot"},
		Duties: []string{
			"Booked {n}0 qualified meetings per quarter through cold calling and email outreach",
			"Exceeded lead generation target by {pct}% for four straight quarters",
			"Built {tool} sequences adopted by the whole team",
		},
		Resp: []string{
			"Generate pipeline through prospecting, cold calling and email outreach",
			"Qualify leads and book meetings for account executives",
		},
		Focus:       "prospecting and lead generation",
		Disciplines: []string{"Business Administration", "Communications", "Psychology"},
		Related:     []string{"sales", "customer_success", "support"},
	},
	{
		Key: "marketing", Dept: "Marketing", JobWeight: 3, CandWeight: 5, Sector: "services",
		Titles: [4][]string{
			{"Marketing Coordinator", "Marketing Assistant"},
			{"Marketing Manager", "Growth Marketer", "Content Marketing Manager"},
			{"Senior Marketing Manager", "Senior Product Marketing Manager"},
			{"Head of Marketing", "Director of Demand Generation"},
		},
		Skills: []string{"digital marketing", "content marketing", "SEO", "demand generation", "marketing automation",
			"email marketing", "paid social", "brand strategy", "product marketing", "copywriting", "Google Analytics",
			"campaign management"},
		Tools: []string{"HubSpot", "Marketo", "Google Ads", "Canva", "WordPress", "Salesforce"},
		Duties: []string{
			"Grew organic traffic by {pct}% through SEO and content marketing",
			"Ran demand generation campaigns producing {n}00 qualified leads per quarter",
			"Built marketing automation in {tool} for a {n}-step nurture program",
			"Launched {n} products with positioning, messaging and sales enablement",
		},
		Resp: []string{
			"Plan and run campaigns that grow awareness and pipeline",
			"Own content marketing, SEO and email marketing",
			"Work with sales on product marketing and enablement",
		},
		Focus:       "digital marketing and demand generation",
		Disciplines: []string{"Marketing", "Communications", "Journalism", "Business Administration"},
		Related:     []string{"sales", "design", "product_management"},
	},
	{
		Key: "customer_success", Dept: "Customer Success", JobWeight: 3, CandWeight: 5, Sector: "services",
		Titles: [4][]string{
			{"Customer Success Associate", "Onboarding Specialist"},
			{"Customer Success Manager", "Implementation Manager"},
			{"Senior Customer Success Manager"},
			{"Customer Success Lead", "Director of Customer Success"},
		},
		Skills: []string{"account management", "customer onboarding", "renewals", "churn reduction",
			"relationship building", "Salesforce", "customer retention", "upselling", "project management", "Gainsight",
			"customer service"},
		Tools: []string{"Gainsight", "Zendesk", "HubSpot", "Intercom", "Asana"},
		Duties: []string{
			"Managed a ${n}M book of {n}0 employer accounts with {pct}% gross retention",
			"Led customer onboarding for {n} enterprise clients",
			"Cut churn by {pct}% with health scores in {tool}",
			"Drove upselling that added ${n}00k in expansion revenue",
		},
		Resp: []string{
			"Be the trusted partner for a portfolio of employer and health-plan customers",
			"Drive onboarding, adoption, renewals and expansion",
			"Bring customer feedback to product and engineering",
		},
		Focus:       "customer onboarding, retention and account management",
		Disciplines: []string{"Business Administration", "Communications", "Public Health"},
		Related:     []string{"sales", "support", "operations"},
	},
	{
		Key: "support", Dept: "Customer Success", JobWeight: 2, CandWeight: 5, Sector: "services",
		Titles: [4][]string{
			{"Customer Support Representative", "Patient Support Associate"},
			{"Customer Support Specialist", "Technical Support Specialist"},
			{"Senior Support Specialist"},
			{"Support Team Lead", "Customer Support Manager"},
		},
		Skills: []string{"customer service", "ticketing systems", "troubleshooting", "Zendesk", "live chat",
			"phone support", "de-escalation", "knowledge base", "CRM", "empathy", "bilingual Spanish"},
		Tools: []string{"Zendesk", "Intercom", "Salesforce Service Cloud", "Freshdesk", "Slack"},
		Duties: []string{
			"Handled {n}0 patient tickets per day with a {pct}% CSAT score",
			"Wrote {n}0 knowledge base articles that deflected {pct}% of contacts",
			"Trained {team} new agents on {tool} and de-escalation",
		},
		Resp: []string{
			"Help patients and members by phone, chat and email",
			"Troubleshoot account and app issues and escalate when needed",
		},
		Focus:       "customer service and support",
		Disciplines: []string{"Communications", "Psychology", "Business Administration"},
		Related:     []string{"customer_success", "it_support", "sdr"},
	},
	{
		Key: "finance", Dept: "Finance", JobWeight: 2, CandWeight: 5, Sector: "finance",
		Titles: [4][]string{
			{"Staff Accountant", "Accounts Payable Specialist", "Junior Financial Analyst"},
			{"Accountant", "Financial Analyst", "Senior Staff Accountant"},
			{"Senior Accountant", "Senior Financial Analyst"},
			{"Controller", "Finance Manager", "FP&A Manager"},
		},
		Skills: []string{"GAAP", "financial reporting", "accounts payable", "accounts receivable", "month-end close",
			"reconciliation", "financial modeling", "budgeting", "forecasting", "Excel", "audit", "NetSuite", "QuickBooks", "tax"},
		Tools: []string{"NetSuite", "QuickBooks", "SAP", "Adaptive Insights", "Bill.com", "Expensify"},
		Duties: []string{
			"Ran month-end close in {n} days instead of ten",
			"Prepared GAAP financial reporting for the board and auditors",
			"Built financial models in Excel for a ${n}0M budget",
			"Reconciled {n}0 bank and balance-sheet accounts every month",
			"Led the migration from {tool} to NetSuite",
		},
		Resp: []string{
			"Own month-end close, reconciliation and financial reporting",
			"Build budgets, forecasts and financial models",
			"Work with auditors and keep controls strong",
		},
		Focus:       "accounting, financial reporting and planning",
		Disciplines: []string{"Accounting", "Finance", "Economics"},
		Related:     []string{"data_analyst", "operations", "legal"},
		Certs:       []string{"CPA", "CMA"},
	},
	{
		Key: "hr", Dept: "People", JobWeight: 2, CandWeight: 4, Sector: "services",
		Titles: [4][]string{
			{"HR Coordinator", "Recruiting Coordinator"},
			{"HR Generalist", "Technical Recruiter", "People Partner"},
			{"Senior HR Business Partner", "Senior Recruiter"},
			{"Head of People", "Talent Acquisition Manager"},
		},
		Skills: []string{"recruiting", "talent acquisition", "employee relations", "onboarding", "HRIS",
			"performance management", "compensation and benefits", "employment law", "interviewing", "sourcing",
			"Greenhouse", "workforce planning"},
		Tools: []string{"Workday", "BambooHR", "Greenhouse", "Lever", "LinkedIn Recruiter", "Rippling"},
		Duties: []string{
			"Hired {n}0 people in a year across engineering, sales and clinical roles",
			"Rolled out {tool} as the HRIS for {n}00 employees",
			"Handled employee relations cases and investigations",
			"Redesigned onboarding, raising new-hire satisfaction by {pct}%",
		},
		Resp: []string{
			"Partner with leaders on hiring, performance management and growth",
			"Run recruiting end to end for roles across the company",
			"Own HR operations, onboarding and compliance",
		},
		Focus:       "recruiting and people operations",
		Disciplines: []string{"Human Resources", "Psychology", "Business Administration"},
		Related:     []string{"operations", "legal", "customer_success"},
		Certs:       []string{"SHRM-CP", "PHR"},
	},
	{
		Key: "operations", Dept: "Operations", JobWeight: 3, CandWeight: 5, Sector: "services",
		Titles: [4][]string{
			{"Operations Coordinator", "Operations Associate"},
			{"Operations Manager", "Business Operations Analyst"},
			{"Senior Operations Manager"},
			{"Director of Operations", "Head of Clinic Operations"},
		},
		Skills: []string{"process improvement", "project management", "vendor management", "supply chain",
			"Lean Six Sigma", "budgeting", "logistics", "operational planning", "Excel", "cross-functional leadership", "KPI tracking"},
		Tools: []string{"Asana", "Smartsheet", "NetSuite", "Airtable", "Tableau"},
		Duties: []string{
			"Opened {n} new clinics on time and under budget",
			"Cut supply costs by {pct}% through vendor management",
			"Led process improvement with Lean Six Sigma, saving {n} hours per week",
			"Managed operational planning for a team of {team}",
		},
		Resp: []string{
			"Run and improve the day-to-day operations of our clinics",
			"Own vendor management, supply chain and logistics",
			"Lead cross-functional projects from plan to launch",
		},
		Focus:       "operations, process improvement and project management",
		Disciplines: []string{"Business Administration", "Industrial Engineering", "Supply Chain Management"},
		Related:     []string{"customer_success", "finance", "construction"},
		Certs:       []string{"PMP", "Lean Six Sigma Green Belt"},
	},
	{
		Key: "legal", Dept: "Legal", JobWeight: 1, CandWeight: 3, Sector: "legal",
		Titles: [4][]string{
			{"Paralegal", "Legal Assistant"},
			{"Corporate Counsel", "Contracts Manager"},
			{"Senior Counsel", "Senior Corporate Counsel"},
			{"General Counsel", "Head of Legal"},
		},
		Skills: []string{"contract negotiation", "commercial contracts", "regulatory compliance", "HIPAA",
			"privacy law", "legal research", "corporate governance", "employment law", "litigation management", "risk management"},
		Tools: []string{"Ironclad", "DocuSign", "Westlaw", "LexisNexis"},
		Duties: []string{
			"Negotiated {n}00 commercial contracts per year with health systems and vendors",
			"Built the HIPAA and privacy law program for a new product",
			"Managed outside counsel on litigation management",
			"Advised the board on corporate governance",
		},
		Resp: []string{
			"Draft and negotiate commercial contracts",
			"Advise on regulatory compliance, privacy and HIPAA",
		},
		Focus:       "commercial contracts and regulatory compliance",
		Disciplines: []string{"Law", "Political Science"},
		Related:     []string{"finance", "hr"},
		Certs:       []string{"J.D.", "Certified Information Privacy Professional"},
	},
	{
		Key: "nurse", Dept: "Clinical Services", JobWeight: 3, CandWeight: 6, Sector: "healthcare",
		Titles: [4][]string{
			{"Licensed Practical Nurse", "Nursing Assistant"},
			{"Registered Nurse", "Telehealth Nurse"},
			{"Senior Registered Nurse", "Charge Nurse"},
			{"Nurse Manager", "Director of Nursing"},
		},
		Skills: []string{"patient care", "patient assessment", "care coordination", "electronic health records",
			"medication administration", "triage", "patient education", "BLS", "chronic care management", "telehealth",
			"clinical documentation", "infection control"},
		Tools: []string{"Epic", "Cerner", "athenahealth", "Pyxis"},
		Duties: []string{
			"Provided patient care for {n} patients per shift on a medical-surgical unit",
			"Led triage for a telehealth line handling {n}0 calls per day",
			"Coordinated care for {n}0 patients with chronic conditions",
			"Trained {team} nurses on {tool} electronic health records",
			"Improved patient education materials, cutting readmissions by {pct}%",
		},
		Resp: []string{
			"Provide virtual and in-person patient care",
			"Lead care coordination and patient education for chronic conditions",
			"Document accurately in our electronic health records",
		},
		Focus:       "patient care and care coordination",
		Disciplines: []string{"Nursing", "Public Health"},
		Related:     []string{"teacher", "operations", "support"},
		Certs:       []string{"Registered Nurse (RN) License", "BLS Certification", "ACLS Certification"},
	},
	{
		Key: "teacher", Dept: "Clinical Services", JobWeight: 1, CandWeight: 4, Sector: "education",
		Titles: [4][]string{
			{"Teaching Assistant", "Substitute Teacher"},
			{"Teacher", "Health Educator", "Instructional Designer"},
			{"Senior Teacher", "Lead Health Educator"},
			{"Curriculum Director", "Head of Education Programs"},
		},
		Skills: []string{"curriculum development", "lesson planning", "classroom management", "differentiated instruction",
			"student assessment", "instructional design", "e-learning", "special education", "parent communication",
			"health education", "training delivery"},
		Tools: []string{"Google Classroom", "Canvas", "Articulate 360", "Zoom"},
		Duties: []string{
			"Taught {n} classes of {team} students per year",
			"Developed curriculum and lesson plans for a new health education course",
			"Raised student assessment scores by {pct}% with differentiated instruction",
			"Built e-learning modules in {tool} for {n}00 learners",
		},
		Resp: []string{
			"Design and deliver health education programs for patients and families",
			"Develop curriculum and e-learning content",
		},
		Focus:       "teaching, curriculum development and instruction",
		Disciplines: []string{"Education", "English", "Biology", "Health Education"},
		Related:     []string{"nurse", "hr"},
		Certs:       []string{"State Teaching Certificate"},
	},
	{
		Key: "chef", Dept: "Operations", JobWeight: 1, CandWeight: 3, Sector: "hospitality",
		Titles: [4][]string{
			{"Line Cook", "Prep Cook"},
			{"Cook", "Sous Chef"},
			{"Chef de Cuisine", "Senior Sous Chef"},
			{"Executive Chef", "Kitchen Manager"},
		},
		Skills: []string{"menu development", "food safety", "kitchen management", "inventory control", "food costing",
			"culinary arts", "nutrition", "ServSafe", "team leadership", "catering", "banquet operations"},
		Tools: []string{"Toast POS", "MarketMan", "commercial kitchen equipment"},
		Duties: []string{
			"Ran a kitchen serving {n}00 covers per day",
			"Developed seasonal menus with a {pct}% food costing target",
			"Cut waste by {pct}% through inventory control",
			"Trained a brigade of {team} cooks on food safety",
		},
		Resp: []string{
			"Run the kitchen in our nutrition program",
			"Develop healthy menus and keep food safety standards high",
		},
		Focus:       "kitchen management and menu development",
		Disciplines: []string{"Culinary Arts", "Hospitality Management", "Nutrition"},
		Related:     []string{"operations"},
		Certs:       []string{"ServSafe Manager"},
	},
	{
		Key: "mechanical", Dept: "Hardware", Tech: true, JobWeight: 2, CandWeight: 4, Sector: "manufacturing",
		Titles: [4][]string{
			{"Junior Mechanical Engineer", "Engineering Technician"},
			{"Mechanical Engineer", "Design Engineer"},
			{"Senior Mechanical Engineer"},
			{"Lead Mechanical Engineer", "Engineering Manager, Hardware"},
		},
		Skills: []string{"SolidWorks", "CAD", "mechanical design", "GD&T", "finite element analysis", "prototyping",
			"design for manufacturing", "medical devices", "tolerance analysis", "injection molding", "product development", "MATLAB"},
		Tools: []string{"ANSYS", "AutoCAD", "Creo", "3D printing", "CNC machining"},
		Duties: []string{
			"Designed enclosures for a connected medical device in {skill}",
			"Ran finite element analysis with {tool} to cut part weight by {pct}%",
			"Took {n} products from prototyping to production with design for manufacturing",
			"Worked with suppliers on injection molding for {n}0k units per year",
		},
		Resp: []string{
			"Design the mechanical parts of our at-home monitoring devices",
			"Own prototyping, testing and design for manufacturing",
		},
		Focus:       "mechanical design and product development",
		Disciplines: []string{"Mechanical Engineering", "Biomedical Engineering", "Manufacturing Engineering"},
		Related:     []string{"construction", "qa"},
		Certs:       []string{"Certified SolidWorks Professional", "Professional Engineer (PE)"},
	},
	{
		Key: "construction", Dept: "Operations", JobWeight: 1, CandWeight: 3, Sector: "construction",
		Titles: [4][]string{
			{"Construction Laborer", "Assistant Project Manager"},
			{"Construction Project Manager", "Site Supervisor"},
			{"Senior Project Manager", "Construction Superintendent"},
			{"Director of Construction", "Head of Facilities"},
		},
		Skills: []string{"construction management", "project scheduling", "OSHA", "budgeting", "blueprint reading",
			"subcontractor management", "cost estimation", "site safety", "building codes", "facilities management"},
		Tools: []string{"Procore", "Primavera P6", "Bluebeam", "AutoCAD", "Microsoft Project"},
		Duties: []string{
			"Managed {n} clinic build-outs worth ${n}M each",
			"Kept a perfect site safety record across {n}00 workdays",
			"Ran project scheduling in {tool} for {team} subcontractors",
			"Delivered a renovation {pct}% under budget",
		},
		Resp: []string{
			"Manage the build-out and renovation of new clinics",
			"Own budgets, schedules, subcontractors and site safety",
		},
		Focus:       "construction management and site safety",
		Disciplines: []string{"Construction Management", "Civil Engineering", "Architecture"},
		Related:     []string{"operations", "mechanical"},
		Certs:       []string{"OSHA 30", "PMP"},
	},
}

// familyIndex maps a family key to its position in families.
var familyIndex = func() map[string]int {
	m := make(map[string]int, len(families))
	for i, f := range families {
		m[f.Key] = i
	}
	return m
}()

func familyByKey(k string) *roleFamily {
	if i, ok := familyIndex[k]; ok {
		return &families[i]
	}
	return &families[0]
}

// softSkills are shared by every family; they make resumes read naturally
// and add overlap that carries no signal.
var softSkills = []string{"communication", "teamwork", "problem solving", "time management", "attention to detail",
	"leadership", "collaboration", "adaptability", "mentoring", "public speaking", "organization"}

// interviewQuestions feed interview kits and scorecards.
var interviewQuestions = []string{
	"Could you tell me about your previous experience?",
	"Why do you want to work with us?",
	"Walk me through a project you are proud of.",
	"Tell me about a time you disagreed with a teammate.",
	"How do you prioritise when everything is urgent?",
	"What would you want to learn in your first 90 days?",
	"Describe a mistake you made and what you changed afterwards.",
	"How do you explain complex topics to non-experts?",
}

var scoreAttributes = []struct{ Name, Type string }{
	{"Communication", "Skills"}, {"Problem Solver", "Qualifications"}, {"Technical Depth", "Skills"},
	{"Ownership", "Personality Traits"}, {"Collaboration", "Personality Traits"}, {"Role Knowledge", "Qualifications"},
	{"Adaptable", "Skills"}, {"Customer Focus", "Personality Traits"},
}
