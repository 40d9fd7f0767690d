using HrPlus.Privacy.Classification;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Classification;

public static partial class SchoolLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Pupil registered")]
    public static partial void PupilRegistered(ILogger logger, [Iin] string iin, [Phone] string parentPhone, [Email] string parentEmail, [FullName] string fullName, [BirthDate] string birthDate);

    // The same values without classification: what a leak would look like.
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Pupil registered")]
    public static partial void PupilRegisteredUnclassified(ILogger logger, string iin, string parentPhone);
}

/// <summary>A real ILogger pipeline with redaction on: the raw values never reach the log output.</summary>
public sealed class LogRedactionTests
{
    private const string Iin = "100412500013";
    private const string Phone = "+77011234567";
    private const string Email = "aigerim@mail.kz";
    private const string FullName = "Бекова Әлихан Серікқызы";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Log_WithRedaction_WritesExactlyThePseudonymOrMaskOfEachValue(bool applyDiscriminator)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        services.AddRedaction(r => r.SetHrPlusPrivacyRedactors());
        services.AddLogging(b => b.EnableRedaction(o => o.ApplyDiscriminator = applyDiscriminator).AddFakeLogging());
        using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("School");
        var collector = provider.GetFakeLogCollector();
        var pseudonymizer = provider.GetRequiredService<IPseudonymizer>();

        SchoolLog.PupilRegistered(logger, Iin, Phone, Email, FullName, "2010-04-12");

        var record = Assert.Single(collector.GetSnapshot(), r => r.Category == "School");
        var state = record.StructuredState!.ToDictionary(p => p.Key, p => p.Value);

        // With the discriminator on (the platform default) the logger redacts "value:tagName", so pseudonyms differ
        // per parameter name; masks see through it. With it off, the pseudonym is the log-domain pseudonym itself.
        var expectedIin = pseudonymizer.Pseudonymize(applyDiscriminator ? Iin + ":iin" : Iin, "log");
        Assert.Equal(expectedIin, state["iin"]);
        Assert.Equal("+7 701 *** ** 67", state["parentPhone"]);
        Assert.Equal("a***@mail.kz", state["parentEmail"]);
        Assert.Equal("Әлихан Б.", state["fullName"]);
        Assert.Equal(string.Empty, state["birthDate"]);

        var everything = string.Join('\n', state.Select(p => $"{p.Key}={p.Value}")) + "\n" + record.Message;
        Assert.DoesNotContain(Iin, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("7011234567", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("aigerim", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Бекова", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("2010-04-12", everything, StringComparison.Ordinal);

        // Nothing anywhere in the log (the SDK's own key messages included) carries a raw value.
        var all = string.Join('\n', collector.GetSnapshot().Select(r => r.Message + string.Join(';', r.StructuredState ?? [])));
        Assert.DoesNotContain(Iin, all, StringComparison.Ordinal);
        Assert.DoesNotContain("7011234567", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_SameIinUnderTheSameParameterName_KeepsOnePseudonym()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        services.AddRedaction(r => r.SetHrPlusPrivacyRedactors());
        services.AddLogging(b => b.EnableRedaction().AddFakeLogging());
        using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("School");

        SchoolLog.PupilRegistered(logger, Iin, Phone, Email, FullName, "2010-04-12");
        SchoolLog.PupilRegistered(logger, Iin, "87019876543", "b@mail.kz", "Серікова Дана", "2011-01-01");

        var records = provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "School").ToArray();
        Assert.Equal(2, records.Length);
        var first = records[0].StructuredState!.Single(p => p.Key == "iin").Value;
        var second = records[1].StructuredState!.Single(p => p.Key == "iin").Value;
        Assert.Equal(first, second);
        Assert.Equal("+7 701 *** ** 43", records[1].StructuredState!.Single(p => p.Key == "parentPhone").Value);
    }

    [Fact]
    public void Log_UnclassifiedParameters_AreWrittenRaw_SoTheLeakCheckAboveCanFail()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        services.AddRedaction(r => r.SetHrPlusPrivacyRedactors());
        services.AddLogging(b => b.EnableRedaction().AddFakeLogging());
        using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("School");

        SchoolLog.PupilRegisteredUnclassified(logger, Iin, Phone);

        var record = Assert.Single(provider.GetFakeLogCollector().GetSnapshot(), r => r.Category == "School");
        Assert.Contains(record.StructuredState!, p => p.Value == Iin);
        Assert.Contains(record.StructuredState!, p => p.Value == Phone);
    }
}
