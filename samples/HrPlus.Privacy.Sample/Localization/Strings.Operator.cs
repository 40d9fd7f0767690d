namespace HrPlus.Privacy.Sample.Localization;

/// <summary>Strings of the operator's view and the policy pages.</summary>
public static partial class Strings
{
    private static IEnumerable<KeyValuePair<string, (string, string, string)>> Operator() => new Dictionary<string, (string, string, string)>
    {
        ["op.note"] = ("Үлгіде бұл бет ашық; нақты қолданбада оған тек оператор кіреді.", "В примере страница открыта; в реальном приложении она доступна только оператору.", "In the sample this page is open; a real app shows it to signed-in operators only."),
        ["op.keys"] = ("Өріс кілттері", "Ключи полей", "Field keys"),
        ["op.keyPurpose"] = ("Мақсаты", "Назначение", "Purpose"),
        ["op.keyState"] = ("Күйі", "Состояние", "State"),
        ["op.created"] = ("Жасалған", "Создан", "Created"),
        ["op.expires"] = ("Мерзімі", "Истекает", "Expires"),
        ["op.rotate"] = ("Кілтті ауыстырып, деректерді қайта шифрлау", "Сменить ключ и перешифровать данные", "Rotate the key and re-encrypt the data"),
        ["op.rotated"] = ("Жаңа кілт", "Новый ключ", "New key"),
        ["op.rowsUpdated"] = ("жаңартылған жолдар", "обновлено строк", "rows updated"),
        ["op.reencrypted"] = ("қайта шифрланған мәндер", "перешифровано значений", "values re-encrypted"),
        ["op.failed"] = ("ашылмаған жолдар", "не расшифровано строк", "rows that failed"),
        ["op.policy"] = ("Саясат нұсқалары және қайта келісім", "Версии политики и повторное согласие", "Policy versions and re-consent"),
        ["op.pupils"] = ("Оқушылар", "Учеников", "Pupils"),
        ["op.note.label"] = ("Өзгерістің сипаттамасы", "Описание изменения", "What changes"),
        ["op.publish"] = ("Жаңа нұсқаны жариялау", "Опубликовать новую версию", "Publish a new version"),
        ["op.published"] = ("Жарияланған нұсқа", "Опубликована версия", "Published version"),
        ["op.publishError"] = ("Нұсқа жарияланбады: сипаттаманы жазыңыз.", "Версия не опубликована: укажите описание.", "Nothing was published: describe the change."),
        ["op.ledger"] = ("Келісімдер журналы", "Журнал согласий", "Consent ledger"),
        ["op.intact"] = ("Хэш-тізбек бүтін.", "Хэш-цепочка цела.", "The hash chain is intact."),
        ["op.broken"] = ("Хэш-тізбек бұзылған, позиция", "Хэш-цепочка нарушена, позиция", "The hash chain is broken at position"),
        ["op.events"] = ("Оқиғалар", "Событий", "Events"),
        ["op.audit"] = ("Өңдеу аудиті", "Аудит обработки", "Processing audit trail"),
        ["op.accessLog"] = ("Кіру журналы", "Журнал доступа", "Access log"),
        ["op.accessLogNote"] = (
            "IP-мекенжайлар бүркеншік атпен, сұраныс жолдары мен cookie мәндерінсіз сақталады.",
            "IP-адреса хранятся псевдонимами, без строк запроса и без значений cookie.",
            "IP addresses are kept as pseudonyms, without query strings or cookie values."),
        ["op.request"] = ("Сұраныс", "Запрос", "Request"),
        ["op.status"] = ("Күйі", "Статус", "Status"),
        ["op.cookieNames"] = ("Cookie атаулары", "Имена cookie", "Cookie names"),
        ["op.ipStatistics"] = ("IP статистикасы (күн бойынша)", "Статистика IP (по дням)", "IP statistics (daily)"),
        ["op.metrics"] = ("Метрикалар", "Метрики", "Metrics"),
        ["op.metricsNote"] = ("Осы инстанс іске қосылғаннан бергі есептегіштер (OpenTelemetry арқылы да экспортталады).", "Счётчики этого экземпляра с момента запуска (те же инструменты экспортируются через OpenTelemetry).", "Counters of this instance since it started (the same instruments export through OpenTelemetry)."),
        ["op.instrument"] = ("Құрал", "Инструмент", "Instrument"),
        ["op.value"] = ("Мәні", "Значение", "Value"),
        ["op.day"] = ("Күні", "День", "Day"),
        ["op.network"] = ("Желі (бүркеншік ат)", "Сеть (псевдоним)", "Network (pseudonym)"),
        ["op.requests"] = ("Сұраныстар", "Запросов", "Requests"),
    };

    private static IEnumerable<KeyValuePair<string, (string, string, string)>> Policy() => new Dictionary<string, (string, string, string)>
    {
        ["policy.none"] = ("Әзірге саясат жарияланбаған.", "Политика ещё не опубликована.", "No policy has been published yet."),
        ["policy.version"] = ("Нұсқа", "Версия", "Version"),
        ["policy.inEffect"] = ("қолданыста", "действует", "in effect"),
        ["policy.scheduled"] = ("әлі күшіне енбеген", "ещё не вступила в силу", "not yet in effect"),
        ["policy.superseded"] = ("ауыстырылған", "заменена", "superseded"),
        ["policy.effectiveFrom"] = ("Күшіне енген уақыты", "Действует с", "In effect from"),
        ["policy.material"] = ("маңызды өзгеріс", "существенное изменение", "material change"),
        ["policy.editorial"] = ("редакциялық өзгеріс", "редакционное изменение", "editorial change"),
        ["policy.kind"] = ("Өзгеріс түрі", "Вид изменения", "Change kind"),
        ["policy.changes"] = ("Не өзгерді", "Что изменилось", "What changed"),
        ["policy.summary"] = ("Оператордың түйіні", "Резюме оператора", "Operator's summary"),
        ["policy.firstVersion"] = ("Бұл — бірінші нұсқа.", "Это первая версия.", "This is the first version."),
        ["policy.comparedWith"] = ("Алдыңғы нұсқамен салыстыру:", "Сравнение с предыдущей версией:", "Compared with the previous version:"),
        ["policy.added"] = ("Қосылды", "Добавлено", "Added"),
        ["policy.removed"] = ("Алынып тасталды", "Удалено", "Removed"),
        ["policy.noTextChange"] = ("Мәтін өзгермеген.", "Текст не изменился.", "The text did not change."),
        ["policy.all"] = ("Барлық нұсқалар", "Все версии", "All versions"),
    };
}
