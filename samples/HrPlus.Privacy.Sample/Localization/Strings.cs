using System.Collections.Frozen;

namespace HrPlus.Privacy.Sample.Localization;

/// <summary>
/// The UI strings in Kazakh, Russian and English: a small dictionary, split by page into partial files. A missing key
/// is a bug that shows up on the page as <c>[key]</c> rather than as an exception.
/// </summary>
public static partial class Strings
{
    private static readonly FrozenDictionary<string, (string Kk, string Ru, string En)> Table =
        Common().Concat(Pupils()).Concat(Operator()).Concat(Policy()).Concat(ClassReport()).Concat(Erasure()).ToFrozenDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Gets the string <paramref name="key"/> in <paramref name="language"/>.</summary>
    public static string Get(string key, string language) =>
        Table.TryGetValue(key, out var text)
            ? language switch { "kk" => text.Kk, "ru" => text.Ru, _ => text.En }
            : $"[{key}]";

    /// <summary>Gets every key, for the test that checks the dictionary is complete.</summary>
    public static IEnumerable<string> Keys => Table.Keys;

    private static IEnumerable<KeyValuePair<string, (string, string, string)>> Common() => new Dictionary<string, (string, string, string)>
    {
        ["app.title"] = ("HR+ мектебі", "Школа HR+", "HR+ school"),
        ["app.subtitle"] = ("Жеке деректерді қорғау үлгісі (HrPlus.Privacy)", "Пример защиты персональных данных (HrPlus.Privacy)", "Personal data protection sample (HrPlus.Privacy)"),
        ["nav.home"] = ("Басты бет", "Главная", "Home"),
        ["nav.policy"] = ("Құпиялылық саясаты", "Политика конфиденциальности", "Privacy policy"),
        ["nav.register"] = ("Оқушыны тіркеу", "Регистрация ученика", "Register a pupil"),
        ["nav.pupils"] = ("Оқушылар", "Ученики", "Pupils"),
        ["nav.operator"] = ("Оператор", "Оператор", "Operator"),
        ["nav.cookies"] = ("Cookie баптаулары", "Настройки cookie", "Cookie settings"),
        ["nav.language"] = ("Тіл", "Язык", "Language"),
        ["home.intro"] = (
            "Бұл — HR+ мектеп қолданбасының үлгісі. Оқушылардың аты-жөні, ЖСН, ата-анасының телефоны мен поштасы дерекқорда шифрланған күйде сақталады, ЖСН мен телефон бойынша іздеу соқыр индекс арқылы жүреді, келісімдер хэш-тізбекті журналға жазылады.",
            "Это пример школьного приложения HR+. ФИО, ИИН, телефон и почта родителя хранятся в базе в зашифрованном виде, поиск по ИИН и телефону идёт через слепой индекс, согласия записываются в журнал с хэш-цепочкой.",
            "This is a sample HR+ school app. Pupils' names, IINs and their parents' phones and e-mails are stored encrypted, search by IIN or phone goes through a blind index, and consents go to a hash-chained ledger."),
        ["home.synthetic"] = (
            "Барлық оқушылар ойдан шығарылған: ЖСН бақылау разрядының алгоритмімен жасалған, нақты адамдар жоқ.",
            "Все ученики вымышлены: ИИН созданы по алгоритму контрольного разряда, реальных людей здесь нет.",
            "All pupils are synthetic: their IINs are generated with the check-digit algorithm; no real people are here."),
        ["home.pupils"] = ("Тіркелген оқушылар", "Зарегистрировано учеников", "Registered pupils"),
        ["home.policy"] = ("Қолданыстағы саясат нұсқасы", "Действующая версия политики", "Policy version in effect"),
        ["home.api"] = ("SDK HTTP API", "HTTP API SDK", "SDK HTTP API"),
        ["cookie.title"] = ("Cookie файлдары", "Файлы cookie", "Cookies"),
        ["cookie.text"] = (
            "Қажетті cookie әрқашан қосулы. Басқа санаттарды тек сіздің келісіміңізбен орнатамыз.",
            "Необходимые cookie включены всегда. Остальные категории мы устанавливаем только с вашего согласия.",
            "Necessary cookies are always on. We set the other categories only with your consent."),
        ["cookie.necessary"] = ("Қажетті", "Необходимые", "Necessary"),
        ["cookie.functional"] = ("Функционалдық", "Функциональные", "Functional"),
        ["cookie.analytics"] = ("Аналитикалық", "Аналитические", "Analytics"),
        ["cookie.advertising"] = ("Жарнамалық", "Рекламные", "Advertising"),
        ["cookie.onlyNecessary"] = ("Тек қажеттілерін", "Только необходимые", "Necessary only"),
        ["cookie.acceptAll"] = ("Барлығын қабылдау", "Принять все", "Accept all"),
        ["cookie.save"] = ("Таңдауды сақтау", "Сохранить выбор", "Save choice"),
        ["cookie.current"] = ("Қазіргі таңдау", "Текущий выбор", "Current choice"),
        ["cookie.none"] = ("Таңдау әлі жасалмаған", "Выбор ещё не сделан", "No choice made yet"),
        ["cookie.registered"] = ("Тіркелген cookie файлдары", "Зарегистрированные cookie", "Registered cookies"),
        ["cookie.name"] = ("Атауы", "Имя", "Name"),
        ["cookie.category"] = ("Санаты", "Категория", "Category"),
        ["cookie.purpose"] = ("Мақсаты", "Назначение", "Purpose"),
        ["cookie.allowed"] = ("Рұқсат", "Разрешены", "Allowed"),
        ["cookie.yes"] = ("иә", "да", "yes"),
        ["cookie.no"] = ("жоқ", "нет", "no"),
        ["error.badRequest"] = ("Сұраныс қабылданбады: бетті жаңартып, қайталап көріңіз.", "Запрос отклонён: обновите страницу и повторите.", "The request was refused: reload the page and try again."),
        ["error.notFound"] = ("Бет табылмады.", "Страница не найдена.", "The page was not found."),
        ["error.blocked"] = ("Бұл оқушының деректері сұрау тексерілгенше бұғатталған.", "Данные этого ученика заблокированы до проверки обращения.", "This pupil's data is blocked while a request about it is checked."),
        ["error.title"] = ("Қате", "Ошибка", "Error"),
        ["error.server"] = ("Ішкі қате орын алды.", "Произошла внутренняя ошибка.", "Something went wrong on the server."),
        ["common.yes"] = ("иә", "да", "yes"),
        ["common.no"] = ("жоқ", "нет", "no"),
    };
}
