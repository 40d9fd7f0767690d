namespace HrPlus.Privacy.Sample.Localization;

/// <summary>Strings of the registration form, the pupil list and a pupil's record.</summary>
public static partial class Strings
{
    /// <summary>The message shown when a minor is registered without a legal representative (English).</summary>
    public const string RepresentativeRequiredEn =
        "A pupil under 18 needs the consent of a parent or legal representative: enter the representative's name and relationship.";

    private static IEnumerable<KeyValuePair<string, (string, string, string)>> Pupils() => new Dictionary<string, (string, string, string)>
    {
        ["reg.pupil"] = ("Оқушы", "Ученик", "Pupil"),
        ["reg.fullName"] = ("Аты-жөні", "ФИО", "Full name"),
        ["reg.iin"] = ("ЖСН", "ИИН", "IIN"),
        ["reg.iinHint"] = ("12 цифр; туған күні ЖСН-нен алынады.", "12 цифр; дата рождения берётся из ИИН.", "12 digits; the birth date is taken from the IIN."),
        ["reg.parentPhone"] = ("Ата-анасының телефоны", "Телефон родителя", "Parent's phone"),
        ["reg.parentEmail"] = ("Ата-анасының e-mail", "E-mail родителя", "Parent's e-mail"),
        ["reg.representative"] = ("Заңды өкіл", "Законный представитель", "Legal representative"),
        ["reg.representativeHint"] = (
            "18 жасқа толмаған оқушы үшін міндетті: келісімді ата-анасы немесе қамқоршысы береді.",
            "Обязательно для ученика младше 18 лет: согласие даёт родитель или опекун.",
            "Required for a pupil under 18: the parent or guardian gives the consent."),
        ["reg.representativeName"] = ("Өкілдің аты-жөні", "ФИО представителя", "Representative's full name"),
        ["reg.relationship"] = ("Туыстық қатынасы", "Кем приходится", "Relationship"),
        ["rel.parent"] = ("Ата-анасы", "Родитель", "Parent"),
        ["rel.adoptiveParent"] = ("Асырап алушы", "Усыновитель", "Adoptive parent"),
        ["rel.guardian"] = ("Қамқоршы", "Опекун", "Guardian"),
        ["rel.trustee"] = ("Қорғаншы", "Попечитель", "Trustee"),
        ["rel.none"] = ("—", "—", "—"),
        ["reg.minorAgrees"] = ("14 жастан асқан оқушының өзі де келісті", "Ученик старше 14 лет тоже согласен", "The pupil (14 or older) also agrees"),
        ["reg.consent"] = ("Келісім", "Согласие", "Consent"),
        ["reg.accept"] = ("Дербес деректерді өңдеуге келісемін, саясатпен таныстым:", "Согласен на обработку персональных данных, с политикой ознакомлен:", "I consent to the processing of personal data and have read the policy:"),
        ["reg.submit"] = ("Тіркеу", "Зарегистрировать", "Register"),
        ["err.fullName"] = ("Аты-жөнін жазыңыз (3–200 таңба).", "Укажите ФИО (3–200 символов).", "Enter the full name (3–200 characters)."),
        ["err.iin"] = (
            "ЖСН қате: 12 цифр және дұрыс бақылау разряды болуы керек.",
            "Неверный ИИН: нужно 12 цифр с правильным контрольным разрядом.",
            "The IIN is not valid: it must be 12 digits with a correct check digit."),
        ["err.phone"] = ("Телефон нөмірі қате (мысалы, +7 701 123 45 67).", "Неверный номер телефона (например, +7 701 123 45 67).", "The phone number is not valid (e.g. +7 701 123 45 67)."),
        ["err.email"] = ("E-mail мекенжайы қате.", "Неверный адрес e-mail.", "The e-mail address is not valid."),
        ["err.representative"] = (
            "18 жасқа толмаған оқушыға ата-анасының немесе заңды өкілінің келісімі қажет: өкілдің аты-жөнін және туыстық қатынасын көрсетіңіз.",
            "Для ученика младше 18 лет требуется согласие родителя или законного представителя: укажите ФИО представителя и кем он приходится.",
            RepresentativeRequiredEn),
        ["err.acceptPolicy"] = ("Саясатпен келісуіңіз қажет.", "Необходимо согласие с политикой.", "You need to accept the policy."),
        ["err.noPolicy"] = ("Әзірге саясат жарияланбаған.", "Политика ещё не опубликована.", "No policy has been published yet."),
        ["err.duplicate"] = ("Бұл ЖСН-мен оқушы тіркелген.", "Ученик с таким ИИН уже зарегистрирован.", "A pupil with this IIN is already registered."),
        ["err.consent"] = ("Келісім қабылданбады.", "Согласие не принято.", "The consent was not accepted."),
        ["list.search"] = ("ЖСН немесе ата-ана телефоны бойынша іздеу", "Поиск по ИИН или телефону родителя", "Search by IIN or parent's phone"),
        ["list.find"] = ("Іздеу", "Найти", "Search"),
        ["list.searchHint"] = (
            "Іздеу соқыр индекс арқылы жүреді: дерекқорда ЖСН мен телефон тек шифрланған күйде.",
            "Поиск идёт через слепой индекс: в базе ИИН и телефон хранятся только в зашифрованном виде.",
            "Search goes through a blind index: the database holds IINs and phones only encrypted."),
        ["list.byIin"] = ("ЖСН бойынша іздеу", "Поиск по ИИН", "Search by IIN"),
        ["list.byPhone"] = ("Телефон бойынша іздеу", "Поиск по телефону", "Search by phone"),
        ["list.all"] = ("барлық оқушылар", "все ученики", "all pupils"),
        ["list.found"] = ("Табылды", "Найдено", "Found"),
        ["list.minor"] = ("Кәмелетке толмаған", "Несовершеннолетний", "Minor"),
        ["list.consent"] = ("Келісім", "Согласие", "Consent"),
        ["list.none"] = ("Ештеңе табылмады.", "Ничего не найдено.", "Nothing found."),
        ["decision.Granted"] = ("берілген", "дано", "granted"),
        ["decision.NotGiven"] = ("берілмеген", "не дано", "not given"),
        ["decision.Withdrawn"] = ("кері қайтарылған", "отозвано", "withdrawn"),
        ["decision.Expired"] = ("мерзімі өткен", "истекло", "expired"),
        ["decision.ReconsentRequired"] = ("қайта келісім қажет", "нужно повторное согласие", "re-consent required"),
        ["record.title"] = ("Оқушының жазбасы", "Карточка ученика", "Pupil's record"),
        ["record.registered"] = ("Оқушы тіркелді, келісім журналға жазылды.", "Ученик зарегистрирован, согласие записано в журнал.", "The pupil is registered and the consent is recorded in the ledger."),
        ["record.age"] = ("Жасы", "Возраст", "Age"),
        ["record.masked"] = (
            "ЖСН, телефон және e-mail бүркемеленіп көрсетіледі; аты-жөні дерекқордан шифрын ашып оқылды.",
            "ИИН, телефон и e-mail показаны замаскированными; ФИО расшифровано из базы.",
            "The IIN, phone and e-mail are shown masked; the name was decrypted from the database."),
        ["record.history"] = ("Келісімдер тарихы", "История согласий", "Consent history"),
        ["record.reconsent"] = ("Қолданыстағы саясатқа келісімді жазу", "Записать согласие с действующей политикой", "Record consent to the policy in effect"),
        ["record.reconsented"] = ("Қолданыстағы нұсқаға келісім жазылды.", "Согласие с действующей версией записано.", "Consent to the version in effect is recorded."),
        ["record.audit"] = ("Аудит журналы", "Журнал аудита", "Audit trail"),
        ["record.actor"] = ("Кім", "Кто", "Actor"),
        ["ledger.kind"] = ("Оқиға", "Событие", "Event"),
        ["ledger.givenBy"] = ("Кім берді", "Кем дано", "Given by"),
        ["ledger.time"] = ("Уақыты (UTC)", "Время (UTC)", "Time (UTC)"),
        ["ledger.subject"] = ("Субъектінің өзі", "Сам субъект", "The subject"),
        ["ledger.subjectId"] = ("Субъект", "Субъект", "Subject"),
    };
}
