namespace HrPlus.Privacy.AspNetCore;

/// <summary>Registered by <c>AddAspNetCore()</c>, so the app-builder extensions can tell it was called.</summary>
internal sealed class PrivacyAspNetCoreMarker;
