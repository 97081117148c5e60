"""The words of bench/synth.py's articles: outlets, market colour, titles; no number, instrument or weekday."""

OUTLETS = (
    ("Reuters", "reuters.com"), ("Kyodo", "kyodonews.net"), ("Nikkei Asia", "asia.nikkei.com"),
    ("Market Wire", "marketwire.example"), ("Asia Markets Daily", "asiamarkets.example"),
    ("The Street Ledger", "streetledger.example"), ("Pacific Business", "pacbiz.example"),
    ("Global Finance Post", "gfpost.example"),
)  # fmt: skip
SUBJECTS = (
    "Exporters", "Chipmakers", "Bank shares", "Utilities", "Automakers", "Trading houses", "Retailers",
    "Property developers", "Insurers", "Shipping lines", "Steelmakers", "Drugmakers", "Telecom operators",
    "Game developers", "Airlines", "Brokerages", "Energy producers", "Machinery makers", "Food companies",
    "Construction firms", "Foreign investors", "Pension funds", "Retail traders", "Hedge funds", "Analysts",
    "Strategists", "Fund managers", "Currency traders", "Bond investors", "Regional lenders",
)  # fmt: skip
VERBS = (
    "led the gains", "lagged the market", "drew steady buying", "faced profit taking", "rebounded from early losses",
    "gave up early gains", "attracted bargain hunters", "were mixed", "outperformed the broader market",
    "extended their slide", "recovered in late trade", "saw heavy volumes", "stayed cautious", "turned defensive",
    "added to positions", "trimmed exposure", "watched the sidelines", "cheered the outlook", "shrugged off the news",
    "priced in further easing", "rotated into value names", "sought safety", "chased momentum",
)  # fmt: skip
REASONS = (
    "after upbeat earnings guidance", "as the currency weakened", "on hopes of fresh stimulus",
    "amid worries over tariffs", "ahead of the central bank meeting", "after soft inflation data",
    "on strong demand for artificial intelligence hardware", "as bond yields eased", "on a rebound in commodity prices",
    "amid concerns about consumer demand", "after a string of buyback announcements", "on talk of merger activity",
    "as oil prices swung", "after weaker factory surveys", "amid a rally in technology names abroad",
    "as investors weighed the policy outlook", "on reports of supply chain strains", "after a ratings upgrade",
    "on signs of cooling wage growth", "as freight rates climbed", "amid calls for governance reform",
)  # fmt: skip
TAILS = (
    "according to dealers", "traders said", "market watchers noted", "a senior strategist said",
    "brokers reported", "one fund manager noted", "analysts wrote in a client note", "desk heads said",
)  # fmt: skip
THEMES = (
    "tech rally broadens", "exporters gain on weak currency", "banks weigh on market", "investors await policy cues",
    "tariff worries linger", "earnings season kicks off", "defensive sectors in favour", "chip stocks lead",
    "profit taking caps gains", "foreign buying returns",
)  # fmt: skip
SWAPS = {"said": "noted", "steady": "firm", "heavy": "brisk", "worries": "concerns", "cautious": "wary"}
