namespace HrPlus.Privacy.Consent;

/// <summary>The codes of the ten purposes of the HR+ privacy policy, clause 4.1 (<see cref="PurposeCatalog.Default"/>).</summary>
public static class ConsentPurposes
{
    /// <summary>4.1.1: identifying the user.</summary>
    public const string Identification = "identification";

    /// <summary>4.1.2: access to personalised resources.</summary>
    public const string PersonalisedResources = "personalised-resources";

    /// <summary>4.1.3: feedback, notifications and handling requests.</summary>
    public const string Feedback = "feedback";

    /// <summary>4.1.4: determining location for security and fraud prevention.</summary>
    public const string SecurityLocation = "security-location";

    /// <summary>4.1.5: verifying the accuracy and completeness of the data provided.</summary>
    public const string DataAccuracy = "data-accuracy";

    /// <summary>4.1.6: creating an account.</summary>
    public const string AccountCreation = "account-creation";

    /// <summary>4.1.7: customer and technical support.</summary>
    public const string Support = "support";

    /// <summary>4.1.8: news, special offers and other information, with consent.</summary>
    public const string NewsAndOffers = "news-offers";

    /// <summary>4.1.9: advertising, with consent.</summary>
    public const string Advertising = "advertising";

    /// <summary>4.1.10: access to the sites and services of partners.</summary>
    public const string PartnerServices = "partner-services";
}
