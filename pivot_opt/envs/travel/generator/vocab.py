"""Word lists for the synthetic travel generator.

Why a module of its own: every name the generator invents comes from here, so the invented
vocabulary (ours, not copied from any dataset) stays in one reviewable place. The official
value sets the evaluator and the tools rely on (tags, services, attraction types, seat classes)
are restated from the spec; brand, airline and maker names are plain facts needed to read the
`constraint_context` sentences of real queries.
"""

from __future__ import annotations

# fmt: off
ATTRACTION_TYPES: tuple[str, ...] = (
    "Historical and Cultural", "Natural Scenery", "Leisure Experience", "City Landmark", "Art Exhibition",
    "Theme Park",
)
ATTRACTION_TYPES_CN: dict[str, str] = {
    "Historical and Cultural": "历史文化",
    "Natural Scenery": "自然风光",
    "Leisure Experience": "休闲体验",
    "City Landmark": "城市地标",
    "Art Exhibition": "艺术展览",
    "Theme Park": "主题乐园",
}
RESTAURANT_TAGS: tuple[str, ...] = (
    "Waiting Area", "Online Queue", "Birthday Package", "Outdoor Seating", "Must-Eat Top 10", "Private Room",
)
HOTEL_SERVICES: tuple[str, ...] = (
    "Swimming Pool", "Robot Service", "Gym", "Free Parking", "TV Casting", "Washer and Dryer", "SPA Service",
)
HOTEL_TAGS: tuple[str, ...] = ("family", "near metro", "business", "quiet", "river view", "new opening")
CUISINES: tuple[str, ...] = (
    "Local Cuisine", "Hot Pot", "Noodles", "Fast Food", "Tea House", "Western Cuisine (Fusion)", "Seafood",
    "Sichuan Cuisine", "Halal Cuisine", "Cantonese Cuisine", "Japanese Cuisine", "Barbecue", "Dessert",
    "Vegetarian", "Snacks",
)
# Restaurant kinds used to build names, keyed by cuisine.
CUISINE_NOUNS: dict[str, tuple[str, ...]] = {
    "Local Cuisine": ("Kitchen", "Family Restaurant", "Courtyard Dining"),
    "Hot Pot": ("Hot Pot", "Hot Pot House"),
    "Noodles": ("Noodle House", "Noodle Bar"),
    "Fast Food": ("Quick Bites", "Express Canteen"),
    "Tea House": ("Teahouse", "Tea Pavilion"),
    "Western Cuisine (Fusion)": ("Bistro", "Grill Room", "Brasserie"),
    "Seafood": ("Seafood Pavilion", "Oyster Hall"),
    "Sichuan Cuisine": ("Pepper Kitchen", "Sichuan House"),
    "Halal Cuisine": ("Halal Kitchen", "Lamb Skewer House"),
    "Cantonese Cuisine": ("Dim Sum Hall", "Roast Goose House"),
    "Japanese Cuisine": ("Izakaya", "Sushi Counter"),
    "Barbecue": ("Barbecue Yard", "Charcoal Grill"),
    "Dessert": ("Dessert Parlour", "Sweet Soup Shop"),
    "Vegetarian": ("Vegetarian Table", "Green Bowl"),
    "Snacks": ("Snack Stall", "Street Bites"),
}
NAME_WORDS: tuple[str, ...] = (
    "Jade", "Crimson", "Willow", "Heron", "Lantern", "Cloud", "Amber", "Pine", "Silver Creek", "Phoenix",
    "Maple", "Copper", "Moonlit", "Azure", "Orchid", "Granite", "Plum Blossom", "Echo", "Golden Sand",
    "Whispering Bamboo", "Kingfisher", "Lotus", "Red Cliff", "Misty Ridge", "Cedar", "Saffron", "Tidewater",
    "Old Mill", "Starling", "Peach Grove", "Iron Gate", "Blue Harbor", "Camellia", "Swallow", "Bright Pearl",
    "Stone Lion", "Twin Pagoda", "Hawthorn", "Dragonfly", "Osmanthus", "Lark", "Morning Bell",
    "Sunflower", "Emerald", "Windmill", "Ferry", "Ginkgo",
)
ATTRACTION_NOUNS: dict[str, tuple[str, ...]] = {
    "Historical and Cultural": (
        "Ancestral Temple", "Old Fortress", "Heritage Museum", "Scholar Hall", "Ancient Wall Ruins",
        "Memorial Hall",
    ),
    "Natural Scenery": (
        "Lake Park", "Forest Trail", "Wetland Reserve", "Hill Garden", "River Gorge", "Botanical Garden",
    ),
    "Leisure Experience": (
        "Night Market", "Pedestrian Street", "Hot Spring Park", "Food Alley", "Creative Quarter",
    ),
    "City Landmark": ("Tower", "Grand Square", "Sky Bridge", "Observation Deck", "Clock Plaza"),
    "Art Exhibition": ("Art Museum", "Gallery", "Craft Hall", "Photography Museum"),
    "Theme Park": ("Adventure Park", "Wonderland", "Ocean World"),
}
TYPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Natural Scenery": (
        "lake", "park", "mountain", "hill", "beach", "wetland", "river", "garden", "forest", "island",
        "isle", "bay", "coast", "peak", "gorge", "scenic", "trail", "causeway", "spring", "boardwalk",
        "walkway",
    ),
    "Art Exhibition": ("art", "gallery", "piano", "photograph"),
    "Historical and Cultural": (
        "temple", "museum", "palace", "tomb", "mausoleum", "cemetery", "ruins", "memorial", "academy",
        "wall", "pagoda", "ancient", "hall", "shrine", "site", "cathedral", "monument", "residence",
        "university",
    ),
    "Leisure Experience": (
        "street", "lane", "alley", "mall", "market", "plaza", "district", "food", "cruise", "commercial",
        "village", "town", "taikoo", "business",
    ),
    "City Landmark": (
        "square", "tower", "bridge", "stadium", "center", "centre", "deck", "eye", "fountain", "cbd",
    ),
    "Theme Park": ("theme", "amusement", "wonderland", "zoo", "aquarium"),
}
DESCRIPTION_PHRASES: dict[str, tuple[str, ...]] = {
    "Historical and Cultural": (
        "Carved halls and courtyards that tell the story of the old town",
        "A quiet compound of restored buildings with a small exhibition",
    ),
    "Natural Scenery": (
        "Shaded paths along the water with wide open views",
        "Gentle slopes, old trees and a lookout over the valley",
    ),
    "Leisure Experience": (
        "Lively stalls, small shops and snacks late into the evening",
        "A relaxed strip of cafes, workshops and street performers",
    ),
    "City Landmark": (
        "A striking modern structure that dominates the skyline",
        "A broad open space where the city gathers for events",
    ),
    "Art Exhibition": (
        "Rotating exhibitions of contemporary and local artists",
        "Galleries of paintings, ceramics and hands-on craft rooms",
    ),
    "Theme Park": (
        "Rides, shows and play areas for the whole family", "Themed zones with attractions for every age",
    ),
}
STREET_WORDS: tuple[str, ...] = (
    "Riverside", "Harmony", "Liberty", "Orchard", "Academy", "Station", "Market", "Garden", "Lakeview",
    "Temple", "Canal", "Bell Tower", "Unity", "Spring", "Sunrise", "West Gate", "East Gate",
)
DISTRICT_WORDS: tuple[str, ...] = (
    "Old Town", "Riverside", "Lakeside", "Hi-Tech Zone", "Central", "North Bank", "Harbor", "University",
)
# Invented cities for synthetic tasks.
SYNTHETIC_CITIES: tuple[str, ...] = (
    "Aurelton", "Brinmoor", "Caskvale", "Dunmarrow", "Elmsreach", "Fallowmere", "Glimmerport", "Harrowdale",
    "Ivorgate", "Jasperfall", "Kestrelburg", "Lunaris Bay", "Mistral Harbor", "Nettlecombe", "Oakenshore",
    "Pinecrest", "Quillmarsh", "Ravenholt", "Sablecliff", "Thornvale", "Umberlight", "Verdancove",
    "Willowmere", "Zephyr Point",
)
TRANSFER_CITIES: tuple[str, ...] = ("Crossvale", "Midhaven", "Junction Bay", "Linkmoor", "Hubbury")
SYNTHETIC_HOTEL_BRANDS: tuple[str, ...] = (
    "Lotus Stay", "Harbor Inn", "Cloudnine Hotel", "Maple Lodge", "Skylark Suites", "Bamboo House Hotel",
)
# Brand names as they appear in the hotels of real queries, with the words that name them.
KNOWN_HOTEL_BRANDS: dict[str, tuple[str, ...]] = {
    "Ji Hotel": ("全季", "ji hotel", "all seasons", "quanji"),
    "Hanting Hotel": ("汉庭", "hanting"),
    "Atour Hotel": ("亚朵", "atour"),
    "Home Inn": ("如家", "home inn"),
    "Hilton": ("希尔顿", "hilton"),
    "Orange Hotel": ("桔子", "orange"),
    "Jinjiang Inn": ("锦江", "jinjiang"),
    "Vienna Hotel": ("维也纳", "vienna"),
    "Marriott": ("万豪", "marriott"),
}
DISTRACTOR_HOTEL_BRANDS: tuple[str, ...] = (
    "Ji Hotel", "Hanting Hotel", "Atour Hotel", "Home Inn", "Hilton", "Orange Hotel", "Jinjiang Inn",
)
TRAIN_TYPES: dict[str, str] = {
    "G": "High-speed Rail",
    "D": "Bullet Train",
    "C": "Intercity Train",
    "K": "Fast Train",
    "T": "Express Train",
    "Z": "Direct Express Train",
}
TRAIN_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "High-speed Rail": ("high-speed", "high speed", "高铁"),
    "Bullet Train": ("bullet", "动车"),
    "Intercity Train": ("intercity", "城际"),
    "Fast Train": ("fast train",),
    "Express Train": ("express train",),
}
TRAIN_SEATS: tuple[str, ...] = ("Second Class Seat", "First Class Seat", "Business Seat")
FLIGHT_SEATS: tuple[str, ...] = ("Economy Class", "Business Class", "First Class")
# IATA codes of real carriers, needed to give a real query's flight number its airline.
AIRLINE_BY_CODE: dict[str, str] = {
    "MU": "China Eastern Airlines",
    "CA": "Air China",
    "CZ": "China Southern Airlines",
    "HU": "Hainan Airlines",
    "3U": "Sichuan Airlines",
    "MF": "Xiamen Airlines",
    "ZH": "Shenzhen Airlines",
    "FM": "Shanghai Airlines",
    "HO": "Juneyao Airlines",
    "9C": "Spring Airlines",
    "G5": "Huaxia Airlines",
    "GJ": "Loong Air",
    "DZ": "Donghai Airlines",
    "PN": "West Air",
    "NS": "Hebei Airlines",
    "SC": "Shandong Airlines",
    "FU": "Fuzhou Airlines",
    "QW": "Qingdao Airlines",
    "EU": "Chengdu Airlines",
    "RY": "Jiangxi Air",
    "KN": "China United Airlines",
    "JD": "Capital Airlines",
    "8L": "Lucky Air",
    "GS": "Tianjin Airlines",
    "TV": "Tibet Airlines",
    "BK": "Okay Airways",
    "GX": "GX Airlines",
    "UQ": "Urumqi Air",
    "DR": "Ruili Airlines",
    "Y8": "Suparna Airlines",
    "A6": "Air Travel",
    "GY": "Colorful Guizhou Airlines",
}
AIRLINE_ALIASES: dict[str, str] = {"huaxia": "Huaxia Airlines", "china express": "Huaxia Airlines"}
DISTRACTOR_AIRLINE_CODES: tuple[str, ...] = ("MU", "CA", "CZ", "HU", "3U", "MF", "ZH", "HO", "9C", "SC")
# Invented carriers for synthetic tasks (code, name).
SYNTHETIC_AIRLINES: tuple[tuple[str, str], ...] = (
    ("QJ", "Skylark Air"), ("VH", "Azure Crane Airlines"), ("WB", "Northwind Airways"),
    ("YK", "Jade Wing Airlines"), ("LX", "Lantern Air"), ("RZ", "Riverbird Airlines"),
)
AIRCRAFT: dict[str, tuple[tuple[str, str], ...]] = {
    "Airbus": (
        ("A320", "Medium"), ("A321", "Medium"), ("A319", "Medium"), ("A330-300", "Large"),
        ("A350-900", "Large"),
    ),
    "Boeing": (("737-800", "Medium"), ("737 MAX 8", "Medium"), ("787-9", "Large"), ("777-300ER", "Large")),
    "COMAC": (("C919", "Medium"), ("ARJ21-700", "Small")),
}
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# fmt: on
