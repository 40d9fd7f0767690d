namespace HrPlus.Privacy.Sample.Localization;

/// <summary>Strings of the operator page's class report.</summary>
public static partial class Strings
{
    private static IEnumerable<KeyValuePair<string, (string, string, string)>> ClassReport() => new Dictionary<string, (string, string, string)>
    {
        ["cr.title"] = ("Сынып есебі (k = 5)", "Отчёт по классам (k = 5)", "Class report (k = 5)"),
        ["cr.note"] = (
            "Психологиялық-педагогикалық мониторингтің ойдан шығарылған нәтижелері. Мектептен шығар алдында есеп иесіздендіріледі: әр топта кемінде 5 оқушы, аты-жөні алынып тасталады, ЖСН-нен тек туған жыл мен жыныс қалады.",
            "Вымышленные результаты психолого-педагогического мониторинга. Перед тем как покинуть школу, отчёт обезличивается: в каждой группе не менее 5 учеников, ФИО удаляются, от ИИН остаются только год рождения и пол.",
            "Synthetic results of psychological-pedagogical monitoring. Before the report leaves the school it is depersonalized: every group holds at least 5 pupils, names are dropped, and an IIN becomes at most a birth year and sex."),
        ["cr.before"] = ("Дейін: мектептегі деректер", "До: данные в школе", "Before: the data the school holds"),
        ["cr.after"] = ("Кейін: мектептен шығатын есеп", "После: отчёт, который покидает школу", "After: the report that leaves the school"),
        ["cr.pupils"] = ("Оқушылар", "Учеников", "Pupils"),
        ["cr.name"] = ("Аты-жөні", "ФИО", "Name"),
        ["cr.class"] = ("Сынып", "Класс", "Class"),
        ["cr.anxiety"] = ("Мазасыздық", "Тревожность", "Anxiety"),
        ["cr.motivation"] = ("Мотивация", "Мотивация", "Motivation"),
        ["cr.export"] = ("k = 5 есебін экспорттау", "Экспортировать отчёт с k = 5", "Export the report with k = 5"),
        ["cr.files"] = ("Файлдар:", "Файлы:", "Files:"),
        ["cr.models"] = ("Орындалған модельдер", "Выполненные модели", "Models met"),
        ["cr.levels"] = ("Жалпылау деңгейлері", "Уровни обобщения", "Generalization levels"),
        ["cr.released"] = ("Есепке енген оқушылар", "Учеников в отчёте", "Pupils released"),
        ["cr.suppressed"] = ("Алынып тасталған оқушылар", "Исключено учеников", "Pupils suppressed"),
        ["cr.smallest"] = ("Ең кіші топ", "Наименьшая группа", "Smallest group"),
        ["cr.table"] = ("Сыныптар мен мазасыздық деңгейі бойынша кесте", "Таблица по классам и уровню тревожности", "Table by class and anxiety level"),
        ["cr.tableNote"] = (
            "Ұяшықта: оқушылар саны (орташа мотивация). x — жасырылған ұяшық: 5-тен аз оқушы немесе оны қосындылардан табуға болмайтындай жасырылған көрші ұяшық.",
            "В ячейке: число учеников (средняя мотивация). x — скрытая ячейка: меньше 5 учеников или соседняя ячейка, скрытая, чтобы её нельзя было вычислить по итогам.",
            "Each cell: pupils (mean motivation). x is a hidden cell: fewer than 5 pupils, or a neighbour hidden so that it cannot be worked out from the totals."),
        ["cr.total"] = ("Барлығы", "Итого", "Total"),
    };
}
