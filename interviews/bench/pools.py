"""What the benchmark seed draws from: names, employers, job titles, places, the
texts of profiles and requests, and the weights of industries, majors and hours.

The order of every list is part of the seed: the same seed and scale give the
same data only as long as these lists stay as they are (append, never reorder).
"""

# fmt: off
FIRST_NAMES = [
    "Aaliyah", "Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Alejandro", "Alex", "Alice",
    "Amara", "Amir", "Ana", "Andre", "Andrew", "Angela", "Anika", "Anthony", "Arjun", "Ava", "Ben",
    "Bianca", "Brandon", "Caleb", "Camila", "Carlos", "Charlotte", "Chen", "Chloe", "Chris",
    "Claire", "Daniel", "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli", "Elijah", "Emily",
    "Emma", "Ethan", "Eva", "Fatima", "Felix", "Gabriel", "Grace", "Hana", "Hannah", "Hassan",
    "Isaac", "Isabella", "Ivan", "Jack", "Jada", "James", "Jasmine", "Javier", "Jing", "Joao",
    "John", "Jordan", "Jose", "Joseph", "Julia", "Kai", "Karim", "Kate", "Kenji", "Kevin", "Kiara",
    "Laila", "Laura", "Leo", "Liam", "Lily", "Lucas", "Lucia", "Luis", "Maya", "Mei", "Mia",
    "Michael", "Min", "Mohammed", "Nadia", "Naomi", "Nathan", "Nia", "Noah", "Nora", "Olivia",
    "Omar", "Owen", "Priya", "Rachel", "Rafael", "Rahul", "Riya", "Robert", "Rosa", "Ryan", "Sam",
    "Samuel", "Sara", "Sebastian", "Sofia", "Sophie", "Tariq", "Thomas", "Tomas", "Valentina",
    "Victor", "Wei", "William", "Yara", "Yusuf", "Zoe"
]
LAST_NAMES = [
    "Abbott", "Adeyemi", "Ahmed", "Alvarez", "Anderson", "Bailey", "Baker", "Banerjee", "Becker",
    "Bennett", "Brooks", "Brown", "Campbell", "Carter", "Castillo", "Chen", "Clark", "Collins",
    "Cooper", "Cruz", "Das", "Davis", "Diaz", "Dubois", "Edwards", "Evans", "Fischer", "Flores",
    "Foster", "Garcia", "Gomez", "Gonzalez", "Gupta", "Hall", "Harris", "Hernandez", "Hill",
    "Hoffmann", "Huang", "Hughes", "Ibrahim", "Ito", "Jackson", "James", "Jensen", "Johnson",
    "Jones", "Kaur", "Kelly", "Khan", "Kim", "King", "Kowalski", "Kumar", "Lee", "Lewis", "Li",
    "Lin", "Lopez", "Martin", "Martinez", "Mehta", "Miller", "Mitchell", "Moore", "Morales",
    "Morgan", "Murphy", "Nakamura", "Nelson", "Nguyen", "Novak", "Okafor", "Olsen", "Ortiz",
    "Park", "Patel", "Perez", "Peterson", "Phillips", "Price", "Ramirez", "Reddy", "Reyes",
    "Richardson", "Rivera", "Roberts", "Robinson", "Rodriguez", "Rossi", "Russo", "Sanchez",
    "Santos", "Schmidt", "Scott", "Shah", "Silva", "Singh", "Smith", "Sousa", "Stewart",
    "Sullivan", "Suzuki", "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Turner", "Walker",
    "Wang", "Ward", "Watson", "White", "Williams", "Wilson", "Wong", "Wright", "Wu", "Yamamoto",
    "Yang", "Young", "Zhang", "Zhou"
]
EMPLOYER_WORDS = [
    "Northwind", "Contoso", "Fabrikam", "Brightline", "Helix", "Harbor", "Summit", "Evergreen",
    "Bluewater", "Ironwood", "Redwood", "Silverline", "Keystone", "Meridian", "Cobalt", "Lumen",
    "Atlas", "Horizon", "Granite", "Pioneer", "Beacon", "Crescent", "Sterling", "Vantage",
    "Orchid", "Falcon", "Cedar", "Quantum", "Apex", "Nimbus", "Maple", "Sparrow", "Willow",
    "Aurora", "Delta", "Trident", "Copper", "Juniper", "Monarch", "Oakridge", "Riverbend",
    "Starling", "Tidewater", "Upland", "Vertex", "Westbrook", "Zenith", "Alder", "Birch", "Canyon",
    "Drift", "Ember", "Fjord", "Glacier", "Hollow", "Indigo"
]
EMPLOYER_KINDS = [
    "Systems", "Labs", "Health", "Capital", "Partners", "Group", "Analytics", "Media", "Energy",
    "Foundation", "Consulting", "Bank", "Logistics", "Studios", "Pharma", "Robotics", "Insurance",
    "Foods", "Networks", "Ventures", "Advisors", "Retail", "Motors", "Biotech", "Hospital",
    "Institute", "Communications", "Software", "Architects", "Law"
]
# fmt: on
JOB_TITLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Product Manager",
    "Data Scientist",
    "Data Analyst",
    "Financial Analyst",
    "Investment Banking Associate",
    "Management Consultant",
    "Marketing Manager",
    "Brand Strategist",
    "UX Designer",
    "Registered Nurse",
    "Physician Assistant",
    "Research Scientist",
    "Policy Advisor",
    "Attorney",
    "Paralegal",
    "Teacher",
    "Program Director",
    "Civil Engineer",
    "Mechanical Engineer",
    "Electrical Engineer",
    "Accountant",
    "Auditor",
    "Journalist",
    "Editor",
    "Sustainability Manager",
    "Operations Manager",
    "Supply Chain Analyst",
    "HR Business Partner",
    "Sales Director",
    "Architect",
    "Biostatistician",
    "Lab Manager",
    "Grant Writer",
    "Founder",
]
LOCATIONS = [
    "New York, NY",
    "Boston, MA",
    "Chicago, IL",
    "San Francisco, CA",
    "Seattle, WA",
    "Austin, TX",
    "Washington, DC",
    "Atlanta, GA",
    "Denver, CO",
    "Los Angeles, CA",
    "Philadelphia, PA",
    "Minneapolis, MN",
    "Toronto, Canada",
    "London, United Kingdom",
    "Berlin, Germany",
    "Remote",
]
TIME_ZONES = [
    "America/New_York",
    "America/New_York",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "America/Toronto",
]
INDUSTRY_WEIGHTS = {
    "technology": 6,
    "banking-and-financial-services": 4,
    "consulting": 3,
    "healthcare": 4,
    "engineering-and-manufacturing": 2.5,
    "government-and-public-policy": 2,
    "research-and-academia": 2,
    "advertising-and-marketing": 2,
    "law": 1.5,
    "education": 1.5,
    "nonprofit-and-social-impact": 1.5,
    "biotechnology-and-pharmaceuticals": 1.5,
    "journalism-and-media": 1,
}
MAJOR_WEIGHTS = {
    "computer-science": 6,
    "business-administration": 5,
    "economics": 4,
    "biology": 4,
    "psychology": 4,
    "finance": 3,
    "nursing": 2.5,
    "mechanical-engineering": 2,
    "political-science": 2.5,
    "communication": 2,
    "data-science": 2,
    "undeclared": 2,
}
BIOS = [
    "Studied {major} here, then spent a few years in {industry} before moving to {employer}. "
    "Happy to talk about how I chose my first job and what I would do differently.",
    "After graduating I joined a small team, switched roles twice, and now work as a "
    "{title}. I changed direction once after a master's degree and can explain how.",
    "Started as an intern in {industry}, stayed on, and now lead projects at {employer}. "
    "I mentor because an alumna once took the time to answer my questions.",
    "I took a gap year, worked abroad, then came back to {industry}. Today I am a {title} "
    "and I enjoy helping students see the many paths into this field.",
]
MENTOR_TOPICS = [
    "Breaking into {industry}; what a {title} does all day; interviews and internships.",
    "Career changes, graduate school or not, and life at {employer}.",
    "Choosing a first job, negotiating offers, and working in {industry}.",
    "Day-to-day work as a {title}; which courses helped me most.",
]
ABOUT_ME = [
    "I am a {year_label} studying {major}. I have been reading about {industry} and would love "
    "to understand what the first years after graduation look like there.",
    "I am majoring in {major} and graduate in {class_year}. I interned last summer and I am "
    "trying to decide where to apply next.",
    "My name is {name}; I study {major} and I am exploring careers in {industry}. I have taken "
    "a few courses that sparked my interest and want to learn from someone in the field.",
]
WHY = [
    "Your path from {major} into {industry} is close to what I hope to do, and I would value "
    "your advice on the skills that mattered most.",
    "I saw that you work as a {title} at {employer}; I would like to hear what your work is "
    "like day to day and how you got there.",
    "You studied here too, and your profile mentions career changes, something I am thinking "
    "about. I would be grateful for 30 minutes of your time.",
]
THANKS = [
    "Thank you for taking the time to talk with me. Your advice on {topic} was very helpful "
    "and I have already started on the next steps you suggested.",
    "Thank you so much for the conversation. I learned a lot about {topic} and I will follow "
    "up on the people you mentioned.",
    "Thanks again for your time today. Hearing how you approached {topic} gave me a much "
    "clearer picture of what to do next.",
]
HOUR_WEIGHTS = (0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 1.0, 1.4, 1.6, 1.6)
HOUR_WEIGHTS += (1.5, 1.5, 1.6, 1.5, 1.3, 1.1, 1.0, 1.1, 1.2, 1.1, 0.8, 0.4)
VIDEO_LINK = "https://meet.example.com/{}"
PLACE = "Campus career center, room {}"
