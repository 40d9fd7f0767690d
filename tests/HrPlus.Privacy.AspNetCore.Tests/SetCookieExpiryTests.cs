using FsCheck;
using FsCheck.Xunit;
using HrPlus.Privacy.AspNetCore.Cookies;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Laws of the <c>Set-Cookie</c> deletion check (point 5 of issue 15), over generated values and attributes.</summary>
public sealed class SetCookieExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 500)]
    public bool APositiveMaxAge_LastOfAll_NeverDeletes_WhateverTheValueOrExpiresSay(string? value, PositiveInt maxAge, bool pastExpires)
    {
        var cleanValue = new string([.. (value ?? string.Empty).Where(c => c != ';')]);
        var expires = pastExpires ? "; Expires=Thu, 01 Jan 1970 00:00:00 GMT" : string.Empty;
        return !SetCookieExpiry.IsDeletion($"_ga={cleanValue}{expires}; Max-Age=0x; Max-Age={maxAge.Get}; Max-Age=junk", Now);
    }

    [Property(MaxTest = 500)]
    public bool AMaxAgeOfZeroOrLess_LastOfAll_Deletes_WhateverCameBefore(NonNegativeInt magnitude, PositiveInt earlier)
    {
        var maxAge = magnitude.Get == 0 ? "0" : "-" + magnitude.Get;
        return SetCookieExpiry.IsDeletion($"_ga=x; Max-Age={earlier.Get}; Expires=Fri, 01 Jan 2100 00:00:00 GMT; max-age={maxAge}", Now);
    }

    [Theory]
    [InlineData("Thu, 26 Nov 2026 08:59:59 GMT", true)]
    [InlineData("Thu, 26 Nov 2026 09:00:00 GMT", true)]
    [InlineData("Thu, 26 Nov 2026 09:00:01 GMT", false)]
    public void Expires_WithoutMaxAge_DeletesWhenNotAfterNow(string expires, bool deletes) =>
        Assert.Equal(deletes, SetCookieExpiry.IsDeletion($"_ga=x; expires={expires}", Now));
}
