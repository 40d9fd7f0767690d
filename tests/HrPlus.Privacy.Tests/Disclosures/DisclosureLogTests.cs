using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Identifiers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Disclosures;

public sealed class DisclosureLogTests
{
    [Fact]
    public async Task Record_BadRequests_AreRefusedAndNothingIsStored()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<IDisclosureLog>();
        Assert.True(Iin.Create(new DateOnly(2012, 2, 2), Sex.Male, 40, out var iin));
        DisclosureRequest Valid(string[] subjects, string[]? categories = null, DateTimeOffset? at = null, string recipient = "Akimat") => new()
        {
            Recipient = recipient,
            LegalBasis = "Law 94-V Art. 9",
            DataCategories = categories ?? ["iin"],
            Subjects = subjects,
            AuthorizedBy = "director-1",
            DisclosedAt = at,
        };

        var withIin = await Assert.ThrowsAsync<ArgumentException>(async () => await log.RecordAsync(Valid([iin.ToString()])));
        await Assert.ThrowsAsync<ArgumentException>(async () => await log.RecordAsync(Valid([])));
        await Assert.ThrowsAsync<ArgumentException>(async () => await log.RecordAsync(Valid(["p"], [])));
        await Assert.ThrowsAsync<ArgumentException>(async () => await log.RecordAsync(Valid(["p"], ["Full Name"])));
        await Assert.ThrowsAsync<ArgumentException>(async () => await log.RecordAsync(Valid(["p"], at: DateTimeOffset.UtcNow.AddHours(1))));
        await Assert.ThrowsAsync<ArgumentException>(async () => await log.RecordAsync(Valid(["p"], recipient: "a\u0000b")));

        Assert.DoesNotContain(iin.ToString(), withIin.Message, StringComparison.Ordinal);
        Assert.Empty(await log.ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }
}
