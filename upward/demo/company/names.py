"""Given names and family names for the demo company, grouped by naming culture.

Each office draws its people mostly from the cultures of its city, so London,
Bangalore and São Paulo look like themselves. Lists are tuples so the
generator's choices depend only on its seed, never on hash ordering.
"""

from __future__ import annotations

from typing import Final

# fmt: off
GIVEN_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "english": (
        "Oliver", "Amelia", "George", "Isla", "Harry", "Olivia", "Jack", "Emily", "Charlotte",
        "Thomas", "James", "Sophie", "William", "Grace", "Daniel", "Hannah", "Samuel", "Lucy",
        "Benjamin", "Chloe", "Matthew", "Jessica", "Ryan", "Emma", "Michael", "Sarah", "David",
        "Laura", "Christopher", "Rachel", "Andrew", "Katie", "Joshua", "Megan", "Ethan",
        "Abigail", "Tyler", "Madison", "Nathan", "Ella", "Jordan", "Taylor", "Alex", "Rebecca",
    ),
    "spanish": (
        "Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucía", "Alejandro",
        "Isabella", "Javier", "Gabriela", "Carlos", "Daniela", "Andrés", "Mariana", "Luis",
        "Paula", "Miguel", "Elena", "Pablo", "Carmen", "Jorge", "Natalia", "Raúl",
    ),
    "brazilian": (
        "João", "Ana", "Pedro", "Beatriz", "Lucas", "Larissa", "Gabriel", "Juliana", "Rafael",
        "Fernanda", "Thiago", "Camila", "Bruno", "Letícia", "Felipe", "Mariana", "Gustavo",
        "Amanda", "Leonardo", "Bianca", "Vinícius", "Carolina", "Matheus", "Renata",
    ),
    "german": (
        "Lukas", "Anna", "Leon", "Lena", "Felix", "Marie", "Jonas", "Laura", "Maximilian",
        "Sophie", "Paul", "Lea", "Tobias", "Julia", "Jan", "Katharina", "Florian", "Hannah",
        "Niklas", "Johanna", "Moritz", "Clara", "Sebastian", "Franziska",
    ),
    "turkish": (
        "Emre", "Elif", "Mehmet", "Zeynep", "Can", "Ayşe", "Burak", "Selin", "Deniz", "Merve",
        "Kerem", "Ebru",
    ),
    "polish": (
        "Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Michał", "Aleksandra",
        "Krzysztof", "Joanna", "Paweł", "Marta", "Jakub",
    ),
    "indian": (
        "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Diya", "Arjun", "Kavya", "Rahul",
        "Sneha", "Aditya", "Pooja", "Karthik", "Meera", "Siddharth", "Nisha", "Amit",
        "Lakshmi", "Varun", "Shreya", "Nikhil", "Divya", "Sanjay", "Aishwarya", "Harish",
        "Deepika", "Ravi", "Anjali", "Suresh", "Fatima", "Imran", "Gurpreet",
    ),
    "chinese": (
        "Wei Ming", "Jia Hui", "Li Ting", "Jun Jie", "Xin Yi", "Zhi Hao", "Hui Min", "Kai Wen",
        "Mei Ling", "Jian", "Yan", "Hao", "Rachel", "Marcus", "Joanne", "Darren", "Eugene",
        "Cheryl", "Vivian", "Kelvin",
    ),
    "malay": (
        "Nurul", "Ahmad", "Siti", "Muhammad", "Farah", "Hafiz", "Aisyah", "Irfan", "Amir",
        "Nadia", "Zainab", "Faisal",
    ),
    "west_african": (
        "Chidi", "Ngozi", "Kwame", "Ama", "Oluwaseun", "Adaeze", "Kofi", "Abena", "Tunde",
        "Folake", "Emeka", "Chiamaka", "Yaw", "Efua", "Femi", "Temitope",
    ),
    "arabic": (
        "Omar", "Layla", "Youssef", "Amira", "Karim", "Yasmin", "Tariq", "Nour", "Sami",
        "Rania", "Hassan", "Dina",
    ),
    "east_asian": (
        "Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yun", "Yuki", "Haruto", "Sakura", "Ren",
        "Aoi", "Kenji", "Hana",
    ),
    "southeast_asian": (
        "Maria", "Jose", "Angelica", "Mark", "Kristine", "Paolo", "Linh", "Minh", "Trang",
        "Duc", "Thu", "Quang",
    ),
}

FAMILY_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "english": (
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
        "Wood", "Jackson", "Clarke", "Miller", "Anderson", "Harris", "Martin", "Cooper",
        "Hughes", "Bennett", "Foster", "Murphy", "Kelly", "O'Brien", "Sullivan", "Campbell",
        "Stewart", "Reed", "Parker", "Collins", "Morgan", "Bailey", "Hayes",
    ),
    "spanish": (
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
        "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Ortiz",
        "Castillo", "Romero", "Vargas", "Reyes", "Mendoza", "Cruz", "Guerrero", "Navarro",
    ),
    "brazilian": (
        "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida",
        "Nascimento", "Lima", "Araújo", "Fernandes", "Carvalho", "Gomes", "Martins", "Rocha",
        "Ribeiro", "Alves", "Monteiro", "Mendes", "Barros", "Freitas", "Cardoso", "Teixeira",
    ),
    "german": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Richter", "Bauer", "Klein", "Wolf", "Schröder",
        "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner",
    ),
    "turkish": (
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan",  # noqa: RUF001
        "Doğan", "Kılıç",  # noqa: RUF001
    ),
    "polish": (
        "Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król",
        "Wieczorek", "Pawlak", "Michalak", "Sikora",
    ),
    "indian": (
        "Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kumar", "Rao", "Menon",
        "Krishnan", "Chatterjee", "Banerjee", "Mehta", "Joshi", "Desai", "Pillai", "Verma",
        "Kapoor", "Agarwal", "Bhat", "Subramanian", "Mukherjee", "Shetty", "Khan", "Das",
    ),
    "chinese": (
        "Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Chan", "Koh", "Teo", "Ang",
        "Yeo", "Chen", "Wang", "Zhang", "Liu", "Huang", "Zhao", "Wu",
    ),
    "malay": (
        "Rahman", "Ismail", "Abdullah", "Hassan", "Ibrahim", "Yusof", "Osman", "Aziz",
    ),
    "west_african": (
        "Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Owusu", "Adebayo", "Nwosu",
        "Asante", "Eze", "Balogun", "Ogunleye",
    ),
    "arabic": (
        "Haddad", "Khoury", "Nasser", "Saleh", "Mansour", "Hamdan", "Khalil", "Darwish",
        "Sabbagh", "Awad",
    ),
    "east_asian": (
        "Kim", "Park", "Choi", "Jung", "Kang", "Sato", "Suzuki", "Takahashi", "Tanaka",
        "Watanabe", "Yamamoto", "Nakamura",
    ),
    "southeast_asian": (
        "Santos", "Reyes", "Bautista", "Villanueva", "Dela Cruz", "Aquino", "Nguyen", "Tran",
        "Le", "Pham", "Hoang", "Vu",
    ),
}

# Relative weights of naming cultures in each office.
OFFICE_CULTURES: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    "London": (
        ("english", 45), ("indian", 12), ("west_african", 10), ("polish", 6), ("arabic", 5),
        ("chinese", 5), ("spanish", 4), ("german", 3), ("east_asian", 3), ("turkish", 2),
        ("southeast_asian", 2), ("brazilian", 2), ("malay", 1),
    ),
    "New York": (
        ("english", 45), ("spanish", 16), ("indian", 9), ("chinese", 8), ("west_african", 6),
        ("east_asian", 5), ("southeast_asian", 4), ("arabic", 3), ("brazilian", 2),
        ("polish", 2),
    ),
    "San Francisco": (
        ("english", 35), ("indian", 16), ("chinese", 14), ("spanish", 12), ("east_asian", 8),
        ("southeast_asian", 7), ("arabic", 3), ("west_african", 3), ("german", 2),
    ),
    "Berlin": (
        ("german", 55), ("turkish", 12), ("polish", 8), ("english", 6), ("arabic", 5),
        ("spanish", 4), ("indian", 4), ("brazilian", 2), ("chinese", 2), ("west_african", 2),
    ),
    "Bangalore": (("indian", 94), ("english", 2), ("arabic", 2), ("chinese", 1), ("german", 1)),
    "Singapore": (
        ("chinese", 55), ("malay", 15), ("indian", 15), ("english", 7), ("southeast_asian", 5),
        ("east_asian", 3),
    ),
    "São Paulo": (
        ("brazilian", 80), ("spanish", 8), ("east_asian", 5), ("arabic", 4), ("german", 3),
    ),
}
# fmt: on
