using System.Collections;

namespace HrPlus.Privacy.Consent;

/// <summary>The purposes a host app processes personal data for, by code.</summary>
public sealed class PurposeCatalog : IReadOnlyCollection<ConsentPurpose>
{
    private readonly ConsentPurpose[] _purposes;
    private readonly Dictionary<string, ConsentPurpose> _byCode;

    /// <summary>Creates a catalogue.</summary>
    /// <exception cref="ArgumentException">No purposes, a null entry, or two purposes with one code.</exception>
    public PurposeCatalog(IEnumerable<ConsentPurpose> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        _purposes = [.. purposes];
        if (_purposes.Length == 0)
        {
            throw new ArgumentException("A purpose catalogue needs at least one purpose.", nameof(purposes));
        }

        _byCode = new Dictionary<string, ConsentPurpose>(StringComparer.Ordinal);
        foreach (var purpose in _purposes)
        {
            if (purpose is null)
            {
                throw new ArgumentException("A purpose is null.", nameof(purposes));
            }

            if (!_byCode.TryAdd(purpose.Code, purpose))
            {
                throw new ArgumentException($"Two purposes have the code \"{purpose.Code}\".", nameof(purposes));
            }
        }
    }

    /// <summary>
    /// Gets the ten purposes of the HR+ privacy policy, clause 4.1. News and offers, advertising and partners' services
    /// need explicit opt-in; the others rest on the contract (the school's use of HR+) and are recorded with consent.
    /// </summary>
    public static PurposeCatalog Default { get; } = new(
    [
        new(ConsentPurposes.Identification, "Пайдаланушыны сәйкестендіру", "Идентификация пользователя", "Identifying the user", LegalBasis.Contract, false),
        new(ConsentPurposes.PersonalisedResources, "Дербестендірілген ресурстарға қол жеткізу", "Доступ к персонализированным ресурсам", "Access to personalised resources", LegalBasis.Contract, false),
        new(ConsentPurposes.Feedback, "Кері байланыс, хабарламалар және өтініштерді өңдеу", "Обратная связь, уведомления и обработка запросов", "Feedback, notifications and handling requests", LegalBasis.Contract, false),
        new(ConsentPurposes.SecurityLocation, "Қауіпсіздік және алаяқтықтың алдын алу үшін орналасқан жерді анықтау", "Определение местонахождения для безопасности и предотвращения мошенничества", "Location for security and fraud prevention", LegalBasis.Consent, true),
        new(ConsentPurposes.DataAccuracy, "Деректердің дұрыстығы мен толықтығын тексеру", "Проверка достоверности и полноты данных", "Verifying the accuracy and completeness of data", LegalBasis.Contract, false),
        new(ConsentPurposes.AccountCreation, "Есептік жазба жасау", "Создание учётной записи", "Creating an account", LegalBasis.Contract, false),
        new(ConsentPurposes.Support, "Клиенттік және техникалық қолдау", "Клиентская и техническая поддержка", "Customer and technical support", LegalBasis.Contract, false),
        new(ConsentPurposes.NewsAndOffers, "Жаңалықтар мен арнайы ұсыныстар (келісіммен)", "Новости и специальные предложения (с согласия)", "News and special offers (with consent)", LegalBasis.Consent, true),
        new(ConsentPurposes.Advertising, "Жарнама (келісіммен)", "Реклама (с согласия)", "Advertising (with consent)", LegalBasis.Consent, true),
        new(ConsentPurposes.PartnerServices, "Серіктестердің сайттары мен қызметтеріне қол жеткізу", "Доступ к сайтам и сервисам партнёров", "Access to partners' sites and services", LegalBasis.Consent, true),
    ]);

    /// <inheritdoc/>
    public int Count => _purposes.Length;

    /// <summary>Gets the purpose with <paramref name="code"/>.</summary>
    /// <exception cref="KeyNotFoundException">No purpose has that code.</exception>
    public ConsentPurpose this[string code] => TryGet(code, out var purpose)
        ? purpose
        : throw new KeyNotFoundException("The catalogue has no purpose with that code.");

    /// <summary>Finds the purpose with <paramref name="code"/>.</summary>
    public bool TryGet(string? code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConsentPurpose? purpose)
    {
        purpose = null;
        return code is not null && _byCode.TryGetValue(code, out purpose);
    }

    /// <inheritdoc/>
    public IEnumerator<ConsentPurpose> GetEnumerator() => ((IEnumerable<ConsentPurpose>)_purposes).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
