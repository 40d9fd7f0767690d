namespace HrPlus.Privacy.Sample.Localization;

/// <summary>Strings of rectification (editing a pupil) and erasure.</summary>
public static partial class Strings
{
    private static IEnumerable<KeyValuePair<string, (string, string, string)>> Erasure() => new Dictionary<string, (string, string, string)>
    {
        ["error.erased"] = (
            "Бұл оқушының деректері жойылған: кілті жойылды, сондықтан ешбір көшірмесі оқылмайды.",
            "Данные этого ученика уничтожены: его ключ уничтожен, поэтому ни одна копия не читается.",
            "This pupil's data was erased: their key is destroyed, so no copy of it can be read."),
        ["edit.title"] = ("Деректерді түзету", "Исправить данные", "Correct the data"),
        ["edit.save"] = ("Сақтау", "Сохранить", "Save"),
        ["edit.cancel"] = ("Болдырмау", "Отмена", "Cancel"),
        ["edit.updated"] = ("Деректер түзетілді, өзгеріс аудитке жазылды.", "Данные исправлены, изменение записано в аудит.", "The data is corrected and the change is recorded in the audit trail."),
        ["op.subjectKeys"] = ("Оқушылардың жеке кілттері", "Собственные ключи учеников", "Pupils' own keys"),
        ["op.subjectKeysDestroyed"] = ("жойылғандары", "уничтожено", "destroyed"),
        ["erase.title"] = ("Деректерді жою", "Уничтожение данных", "Erasure"),
        ["erase.reason"] = ("Жою себебі (жеке деректерсіз)", "Причина уничтожения (без персональных данных)", "Reason for the erasure (no personal data)"),
        ["erase.note"] = (
            "Оқушының кілті жойылады және жазбасы өшіріледі; сақтық көшірмелер де оқылмайтын болады.",
            "Ключ ученика уничтожается, запись удаляется; резервные копии тоже становятся нечитаемыми.",
            "The pupil's key is destroyed and their record deleted; backups become unreadable too."),
        ["erase.button"] = ("Оқушының деректерін жою", "Уничтожить данные ученика", "Erase this pupil's data"),
        ["erase.reasonRequired"] = ("Себебін жазыңыз (256 таңбаға дейін).", "Укажите причину (до 256 символов).", "Give a reason (up to 256 characters)."),
        ["erase.unknown"] = ("Бұл оқушы туралы ештеңе сақталмаған.", "Об этом ученике ничего не хранится.", "Nothing is held about this pupil."),
        ["erase.none"] = ("Бұл оқушы жойылмаған.", "Этот ученик не удалялся.", "This pupil was never erased."),
        ["erase.done"] = ("Жою аяқталды.", "Уничтожение завершено.", "The erasure is complete."),
        ["erase.incomplete"] = ("Жою аяқталмаған: қайталаңыз.", "Уничтожение не завершено: повторите.", "The erasure is not complete: run it again."),
        ["erase.nothing"] = (
            "Ештеңе жойылмады: бұл идентификатор бойынша кілт те, жазба да табылмады.",
            "Ничего не уничтожено: по этому идентификатору не найдено ни ключа, ни записи.",
            "Nothing was erased: no key and no record was held under this id."),
        ["erase.subject"] = ("Субъект", "Субъект", "Subject"),
        ["erase.requested"] = ("Сұралды", "Запрошено", "Requested"),
        ["erase.keys"] = ("Жойылған кілттер", "Уничтожено ключей", "Keys destroyed"),
        ["erase.rows"] = ("Өшірілген жазбалар", "Удалено записей", "Records deleted"),
        ["erase.accessRecords"] = ("Өшірілген кіру жазбалары", "Удалено записей журнала доступа", "Access-log records deleted"),
        ["erase.auditEntry"] = ("Аудит жазбасы", "Запись аудита", "Audit entry"),
        ["erase.backups"] = (
            "Сақтық көшірмелер оқылмайды, ең кешінде",
            "Резервные копии нечитаемы не позднее",
            "Backups unreadable at the latest from"),
    };
}
