using HrPlus.Privacy.Policies;

namespace HrPlus.Privacy.Sample.Seeding;

/// <summary>The two policy versions seeded on first start, written for this sample in Kazakh, Russian and English.</summary>
public static class PolicyTexts
{
    private const string Kk1 = """
        1. Оператор — «HR+ мектебі» (үлгі). Біз оқушылардың аты-жөнін, ЖСН-ін, ата-анасының телефоны мен электрондық поштасын психологиялық-педагогикалық мониторинг үшін өңдейміз.

        2. Кәмелетке толмаған оқушының деректерін оның заңды өкілінің (ата-анасының, қамқоршысының) келісімімен ғана өңдейміз.

        3. Сайтқа кірген кезде IP-мекенжай, cookie атаулары, браузер, уақыт және бет мекенжайы автоматты түрде тіркеледі.

        4. Деректер Қазақстан Республикасының «Дербес деректер және оларды қорғау туралы» Заңына сәйкес қорғалады.
        """;

    private const string Ru1 = """
        1. Оператор — «Школа HR+» (пример). Мы обрабатываем ФИО, ИИН учеников, телефон и электронную почту родителей для психолого-педагогического мониторинга.

        2. Данные несовершеннолетнего ученика обрабатываются только с согласия его законного представителя (родителя, опекуна).

        3. При посещении сайта автоматически фиксируются IP-адрес, имена cookie, браузер, время и адрес страницы.

        4. Данные защищаются в соответствии с Законом Республики Казахстан «О персональных данных и их защите».
        """;

    private const string En1 = """
        1. The operator is "HR+ school" (a sample). We process pupils' full names and IINs and their parents' phones and e-mails for psychological-pedagogical monitoring.

        2. A minor pupil's data are processed only with the consent of their legal representative (a parent or guardian).

        3. When you visit the site, the IP address, cookie names, browser, time and page address are recorded automatically.

        4. The data are protected under the Law of the Republic of Kazakhstan "On personal data and their protection".
        """;

    private const string Kk2Added = """
        5. Аналитикалық және жарнамалық cookie файлдары тек сіздің келісіміңізбен орнатылады; IP-мекенжай журналда бүркеншік атпен ғана сақталады.

        6. Дерек жылыстауы анықталса, уәкілетті органға бір жұмыс күні ішінде, ал сізге кідіріссіз хабарлаймыз.
        """;

    private const string Ru2Added = """
        5. Аналитические и рекламные cookie устанавливаются только с вашего согласия; IP-адрес хранится в журнале только в виде псевдонима.

        6. При утечке данных мы уведомляем уполномоченный орган в течение одного рабочего дня, а вас — без промедления.
        """;

    private const string En2Added = """
        5. Analytics and advertising cookies are set only with your consent; the IP address is kept in the log only as a pseudonym.

        6. If data leak, we notify the authority within one business day and you without delay.
        """;

    /// <summary>Gets version 1: the first policy.</summary>
    public static PolicyDraft Version1() => new()
    {
        Texts = [new PolicyText("kk", Kk1), new PolicyText("ru", Ru1), new PolicyText("en", En1)],
        ChangeKind = PolicyChangeKind.Material,
        ChangeSummary = "First version.",
    };

    /// <summary>Gets version 2: cookie consent by category, pseudonymized IPs and breach notification added.</summary>
    public static PolicyDraft Version2() => new()
    {
        Texts =
        [
            new PolicyText("kk", Kk1.TrimEnd() + "\n\n" + Kk2Added),
            new PolicyText("ru", Ru1.TrimEnd() + "\n\n" + Ru2Added),
            new PolicyText("en", En1.TrimEnd() + "\n\n" + En2Added),
        ],
        ChangeKind = PolicyChangeKind.Material,
        ChangeSummary = "Clauses 5 and 6 added: cookie categories, pseudonymized IP addresses, breach notification.",
    };

    /// <summary>Builds a later version from <paramref name="previous"/> with one clause appended in every language.</summary>
    public static PolicyDraft Next(PolicyVersion previous, PolicyChangeKind kind, string note)
    {
        var clause = previous.Texts[0].Content.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries).Length + 1;
        var added = new Dictionary<string, string>
        {
            ["kk"] = $"{clause}. Оператордың ескертуі: {note}",
            ["ru"] = $"{clause}. Примечание оператора: {note}",
            ["en"] = $"{clause}. Operator's note: {note}",
        };
        return new PolicyDraft
        {
            Texts = [.. previous.Texts.Select(t => new PolicyText(t.Language, t.Content.TrimEnd() + "\n\n" + (added.TryGetValue(t.Language, out var a) ? a : added["en"])))],
            ChangeKind = kind,
            ChangeSummary = note,
        };
    }
}
