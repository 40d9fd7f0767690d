namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>Set by <c>app.UsePrivacyCapture()</c>, so the start-up check can tell the middleware is in the pipeline.</summary>
internal sealed class PrivacyCaptureUsage
{
    private volatile bool _used;

    public bool Used => _used;

    public void MarkUsed() => _used = true;
}
