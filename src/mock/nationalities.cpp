#include "mock/nationalities.h"

namespace sluice::mock {
namespace {

// United States
constexpr Name kUsMale[] = {{"James", "james"},   {"Michael", "michael"}, {"Robert", "robert"},
                            {"Dustin", "dustin"}, {"Brandon", "brandon"}, {"Tyler", "tyler"}};
constexpr Name kUsFemale[] = {{"Jennie", "jennie"}, {"Emily", "emily"},       {"Ashley", "ashley"},
                              {"Megan", "megan"},   {"Brittany", "brittany"}, {"Lori", "lori"}};
constexpr Name kUsLast[] = {{"Nichols", "nichols"}, {"Johnson", "johnson"},
                            {"Walker", "walker"},   {"Reyes", "reyes"},
                            {"Holmes", "holmes"},   {"Carpenter", "carpenter"}};
constexpr const char* kUsCities[] = {"Billings", "Fort Wayne", "Garland", "Mesquite", "Tacoma"};
constexpr const char* kUsStates[] = {"Michigan", "Texas", "Oregon", "Nevada", "Vermont"};
constexpr const char* kUsStreets[] = {"Valwood Pkwy", "Green Rd", "Pecan Acres Ln",
                                      "Hickory Creek Dr", "Mockingbird Hill"};

// United Kingdom
constexpr Name kGbMale[] = {{"Oliver", "oliver"},
                            {"Harry", "harry"},
                            {"George", "george"},
                            {"Alfie", "alfie"},
                            {"Callum", "callum"}};
constexpr Name kGbFemale[] = {{"Amelia", "amelia"},
                              {"Isla", "isla"},
                              {"Poppy", "poppy"},
                              {"Freya", "freya"},
                              {"Eleanor", "eleanor"}};
constexpr Name kGbLast[] = {{"Smith", "smith"},
                            {"Taylor", "taylor"},
                            {"Wright", "wright"},
                            {"Hughes", "hughes"},
                            {"O'Brien", "obrien"}};
constexpr const char* kGbCities[] = {"Bristol", "Leeds", "Wolverhampton", "St Albans", "Truro"};
constexpr const char* kGbStates[] = {"Avon", "West Yorkshire", "Cornwall", "Hertfordshire",
                                     "Merseyside"};
constexpr const char* kGbStreets[] = {"Mill Lane", "Church Road", "The Green", "Victoria Street",
                                      "Queens Road"};

// France
constexpr Name kFrMale[] = {{"Lucas", "lucas"},
                            {"Théo", "theo"},
                            {"Maël", "mael"},
                            {"Baptiste", "baptiste"},
                            {"Noé", "noe"}};
constexpr Name kFrFemale[] = {
    {"Éloïse", "eloise"}, {"Chloé", "chloe"}, {"Léa", "lea"}, {"Manon", "manon"}, {"Inès", "ines"}};
constexpr Name kFrLast[] = {{"Dubois", "dubois"},
                            {"Lefèvre", "lefevre"},
                            {"Girard", "girard"},
                            {"Roussel", "roussel"},
                            {"Mercier", "mercier"}};
constexpr const char* kFrCities[] = {"Lyon", "Nantes", "Rouen", "Montpellier", "Saint-Étienne"};
constexpr const char* kFrStates[] = {"Rhône", "Loire-Atlantique", "Seine-Maritime", "Hérault",
                                     "Loire"};
constexpr const char* kFrStreets[] = {"Rue de la Paix", "Place du 8 Février 1962", "Rue Paul Bert",
                                      "Avenue Jean-Jaurès", "Rue de l'Abbé-Grégoire"};

// Germany
constexpr Name kDeMale[] = {{"Jürgen", "jurgen"},
                            {"Lukas", "lukas"},
                            {"Maximilian", "maximilian"},
                            {"Günter", "gunter"},
                            {"Felix", "felix"}};
constexpr Name kDeFemale[] = {
    {"Jördis", "jordis"}, {"Hannah", "hannah"}, {"Lea", "lea"}, {"Käthe", "kathe"}, {"Mia", "mia"}};
constexpr Name kDeLast[] = {{"Müller", "muller"},
                            {"Schröder", "schroder"},
                            {"Weiß", "weiss"},
                            {"Becker", "becker"},
                            {"Hoffmann", "hoffmann"}};
constexpr const char* kDeCities[] = {"Leipzig", "Köln", "Düsseldorf", "Bremen", "Würzburg"};
constexpr const char* kDeStates[] = {"Sachsen", "Nordrhein-Westfalen", "Bremen", "Bayern",
                                     "Thüringen"};
constexpr const char* kDeStreets[] = {"Schulstraße", "Gartenweg", "Bahnhofstraße", "Lindenallee",
                                      "Am Sportplatz"};

// Brazil
constexpr Name kBrMale[] = {{"João", "joao"},
                            {"Thiago", "thiago"},
                            {"Otávio", "otavio"},
                            {"Caetano", "caetano"},
                            {"Rafael", "rafael"}};
constexpr Name kBrFemale[] = {{"Luíza", "luiza"},
                              {"Ana", "ana"},
                              {"Lívia", "livia"},
                              {"Beatriz", "beatriz"},
                              {"Yara", "yara"}};
constexpr Name kBrLast[] = {{"Araújo", "araujo"},
                            {"da Silva", "dasilva"},
                            {"Gonçalves", "goncalves"},
                            {"Moreira", "moreira"},
                            {"Lopes", "lopes"}};
constexpr const char* kBrCities[] = {"Campinas", "Belém", "Juazeiro do Norte", "Sorocaba",
                                     "Niterói"};
constexpr const char* kBrStates[] = {"São Paulo", "Pará", "Ceará", "Bahia", "Rio de Janeiro"};
constexpr const char* kBrStreets[] = {"Rua Três", "Rua Santa Luzia", "Rua São Sebastião",
                                      "Avenida Brasil", "Rua Castro Alves"};

// Iran (Persian script, as the real API sends it)
constexpr Name kIrMale[] = {{"علی", "ali"},   {"محمد", "mohammad"}, {"رضا", "reza"},
                            {"امیر", "amir"}, {"حسین", "hossein"},  {"مهدی", "mahdi"}};
constexpr Name kIrFemale[] = {{"زهرا", "zahra"}, {"فاطمه", "fatemeh"}, {"مریم", "maryam"},
                              {"سارا", "sara"},  {"نرگس", "narges"},   {"پریا", "parya"}};
constexpr Name kIrLast[] = {{"احمدی", "ahmadi"},  {"رضایی", "rezaei"},   {"کریمی", "karimi"},
                            {"موسوی", "mousavi"}, {"حسینی", "hosseini"}, {"جعفری", "jafari"}};
constexpr const char* kIrCities[] = {"تهران", "کرج", "اصفهان", "شیراز", "تبریز", "مشهد"};
constexpr const char* kIrStates[] = {"تهران", "البرز",          "اصفهان",
                                     "فارس",  "آذربایجان شرقی", "خراسان رضوی"};
constexpr const char* kIrStreets[] = {"ولیعصر", "انقلاب", "آزادی", "شهید بهشتی", "امام خمینی"};

// Ukraine (Cyrillic)
constexpr Name kUaMale[] = {{"Олександр", "oleksandr"}, {"Андрій", "andriy"}, {"Богдан", "bogdan"},
                            {"Тарас", "taras"},         {"Дмитро", "dmitro"}, {"Остап", "ostap"}};
constexpr Name kUaFemale[] = {{"Оксана", "oksana"}, {"Наталія", "nataliya"}, {"Ірина", "irina"},
                              {"Марія", "mariya"},  {"Софія", "sofiya"},     {"Леся", "lesya"}};
constexpr Name kUaLast[] = {{"Шевченко", "shevchenko"},   {"Коваленко", "kovalenko"},
                            {"Бондаренко", "bondarenko"}, {"Ткаченко", "tkachenko"},
                            {"Мельник", "melnik"},        {"Кравчук", "kravchuk"}};
constexpr const char* kUaCities[] = {"Київ", "Львів", "Одеса", "Харків", "Бердичів", "Ужгород"};
constexpr const char* kUaStates[] = {"Київська",   "Львівська",   "Одеська",
                                     "Харківська", "Житомирська", "Закарпатська"};
constexpr const char* kUaStreets[] = {"Шевченка", "Хрещатик", "Грушевського", "Франка",
                                      "Лесі Українки"};

// India (Devanagari names; places in Latin script)
constexpr Name kInMale[] = {{"आरव", "aarav"},  {"विहान", "vihaan"}, {"अर्जुन", "arjun"},
                            {"रोहन", "rohan"}, {"कबीर", "kabir"},   {"ईशान", "ishaan"}};
constexpr Name kInFemale[] = {{"अनन्या", "ananya"}, {"दिया", "diya"},  {"प्रिया", "priya"},
                              {"साक्षी", "sakshi"}, {"मीरा", "meera"}, {"काव्या", "kavya"}};
constexpr Name kInLast[] = {{"शर्मा", "sharma"}, {"वर्मा", "verma"}, {"पटेल", "patel"},
                            {"गुप्ता", "gupta"},  {"सिंह", "singh"},  {"राव", "rao"}};
constexpr const char* kInCities[] = {"Mumbai", "Pune", "Jaipur", "Lucknow", "Bhopal", "Kochi"};
constexpr const char* kInStates[] = {"Maharashtra", "Rajasthan", "Uttar Pradesh", "Madhya Pradesh",
                                     "Kerala"};
constexpr const char* kInStreets[] = {"MG Road", "Station Road", "Nehru Nagar", "Gandhi Marg",
                                      "Lal Bahadur Shastri Marg"};

// Serbia (Cyrillic)
constexpr Name kRsMale[] = {
    {"Милош", "milos"}, {"Никола", "nikola"}, {"Стефан", "stefan"}, {"Лазар", "lazar"}};
constexpr Name kRsFemale[] = {
    {"Јована", "jovana"}, {"Милица", "milica"}, {"Ана", "ana"}, {"Тамара", "tamara"}};
constexpr Name kRsLast[] = {{"Јовановић", "jovanovic"},
                            {"Петровић", "petrovic"},
                            {"Николић", "nikolic"},
                            {"Марковић", "markovic"}};
constexpr const char* kRsCities[] = {"Београд", "Нови Сад", "Ниш", "Крагујевац"};
constexpr const char* kRsStates[] = {"Град Београд", "Јужнобачки", "Нишавски", "Шумадијски"};
constexpr const char* kRsStreets[] = {"Краља Петра", "Булевар ослобођења", "Његошева"};

// Canada and the Netherlands: postcodes are strings
constexpr Name kCaMale[] = {
    {"Liam", "liam"}, {"Étienne", "etienne"}, {"Nathan", "nathan"}, {"Logan", "logan"}};
constexpr Name kCaFemale[] = {
    {"Charlotte", "charlotte"}, {"Maëlle", "maelle"}, {"Zoe", "zoe"}, {"Chloe", "chloe"}};
constexpr Name kCaLast[] = {
    {"Tremblay", "tremblay"}, {"Gagnon", "gagnon"}, {"Roy", "roy"}, {"MacDonald", "macdonald"}};
constexpr const char* kCaCities[] = {"Trois-Rivières", "Kingston", "Red Deer", "Chipman"};
constexpr const char* kCaStates[] = {"Québec", "Ontario", "Alberta", "New Brunswick"};
constexpr const char* kCaStreets[] = {"Parliament St", "Dufferin St", "King St",
                                      "Concession Road 6"};

constexpr Name kNlMale[] = {{"Daan", "daan"}, {"Sem", "sem"}, {"Joep", "joep"}, {"Bram", "bram"}};
constexpr Name kNlFemale[] = {
    {"Fenna", "fenna"}, {"Sanne", "sanne"}, {"Lotte", "lotte"}, {"Noor", "noor"}};
constexpr Name kNlLast[] = {
    {"de Vries", "devries"}, {"van Dijk", "vandijk"}, {"Bakker", "bakker"}, {"Visser", "visser"}};
constexpr const char* kNlCities[] = {"Utrecht", "Zwolle", "Haarlem", "'s-Hertogenbosch"};
constexpr const char* kNlStates[] = {"Utrecht", "Overijssel", "Noord-Holland", "Noord-Brabant"};
constexpr const char* kNlStreets[] = {"Dorpsstraat", "Kerkweg", "Molenweg", "Veldstraat"};

constexpr Nationality kNationalities[] = {
    {"US", "United States", kUsMale, kUsFemale, kUsLast, kUsCities, kUsStates, kUsStreets,
     PostcodeStyle::kNumber, 5, "(###) ###-####", "SSN", "###-##-####"},
    {"GB", "United Kingdom", kGbMale, kGbFemale, kGbLast, kGbCities, kGbStates, kGbStreets,
     PostcodeStyle::kBritish, 0, "0####-######", "NINO", "AA ## ## ## A"},
    {"FR", "France", kFrMale, kFrFemale, kFrLast, kFrCities, kFrStates, kFrStreets,
     PostcodeStyle::kNumber, 5, "0#-##-##-##-##", "INSEE", "# ## ## ## ### ### ##"},
    {"DE", "Germany", kDeMale, kDeFemale, kDeLast, kDeCities, kDeStates, kDeStreets,
     PostcodeStyle::kNumber, 5, "0###-#######", "SVNR", "## ###### A ###"},
    {"BR", "Brazil", kBrMale, kBrFemale, kBrLast, kBrCities, kBrStates, kBrStreets,
     PostcodeStyle::kNumber, 8, "(##) ####-####", "CPF", "###.###.###-##"},
    {"IR", "Iran", kIrMale, kIrFemale, kIrLast, kIrCities, kIrStates, kIrStreets,
     PostcodeStyle::kNumber, 5, "0##-########", "", ""},
    {"UA", "Ukraine", kUaMale, kUaFemale, kUaLast, kUaCities, kUaStates, kUaStreets,
     PostcodeStyle::kNumber, 5, "(0##) ###-####", "", ""},
    {"IN", "India", kInMale, kInFemale, kInLast, kInCities, kInStates, kInStreets,
     PostcodeStyle::kNumber, 6, "##########", "UIDAI", "############"},
    {"RS", "Serbia", kRsMale, kRsFemale, kRsLast, kRsCities, kRsStates, kRsStreets,
     PostcodeStyle::kNumber, 5, "0##-####-###", "SID", "#############"},
    {"CA", "Canada", kCaMale, kCaFemale, kCaLast, kCaCities, kCaStates, kCaStreets,
     PostcodeStyle::kCanadian, 0, "###-###-####", "SIN", "#########"},
    {"NL", "Netherlands", kNlMale, kNlFemale, kNlLast, kNlCities, kNlStates, kNlStreets,
     PostcodeStyle::kDutch, 0, "(0###) ######", "BSN", "## ## ## ###"},
};

constexpr Timezone kTimezones[] = {
    {"-10:00", "Hawaii"},
    {"-9:00", "Alaska"},
    {"-8:00", "Pacific Time (US & Canada)"},
    {"-7:00", "Mountain Time (US & Canada)"},
    {"-6:00", "Central Time (US & Canada), Mexico City"},
    {"-5:00", "Eastern Time (US & Canada), Bogota, Lima"},
    {"-3:30", "Newfoundland"},
    {"-3:00", "Brazil, Buenos Aires, Georgetown"},
    {"0:00", "Western Europe Time, London, Lisbon, Casablanca"},
    {"+1:00", "Brussels, Copenhagen, Madrid, Paris"},
    {"+2:00", "Kaliningrad, South Africa"},
    {"+3:30", "Tehran"},
    {"+4:00", "Abu Dhabi, Muscat, Baku, Tbilisi"},
    {"+5:30", "Bombay, Calcutta, Madras, New Delhi"},
    {"+8:00", "Beijing, Perth, Singapore, Hong Kong"},
    {"+9:30", "Adelaide, Darwin"},
};

constexpr const char* kAdjectives[] = {"tiny",  "lazy",  "happy",    "silver", "organic",
                                       "heavy", "brown", "yellow",   "purple", "red",
                                       "black", "white", "blue",     "golden", "crazy",
                                       "sad",   "angry", "ticklish", "big",    "beautiful"};
constexpr const char* kAnimals[] = {"bear", "goose",     "rabbit",  "peacock", "fish",
                                    "cat",  "dog",       "tiger",   "lion",    "koala",
                                    "swan", "butterfly", "leopard", "frog",    "bird",
                                    "wolf", "gorilla",   "ladybug", "panda",   "ostrich"};
constexpr const char* kPasswords[] = {"addison", "chelsea1", "sunshine", "qwerty",  "monkey",
                                      "dragon",  "letmein",  "trustno1", "welcome", "hunter",
                                      "shadow",  "batman",   "pepper",   "1234",    "freedom"};

}  // namespace

std::span<const Nationality> nationalities() {
  return kNationalities;
}
std::span<const Timezone> timezones() {
  return kTimezones;
}
std::span<const char* const> username_adjectives() {
  return kAdjectives;
}
std::span<const char* const> username_animals() {
  return kAnimals;
}
std::span<const char* const> passwords() {
  return kPasswords;
}

}  // namespace sluice::mock
