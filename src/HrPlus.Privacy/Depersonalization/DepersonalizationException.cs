namespace HrPlus.Privacy.Depersonalization;

/// <summary>A depersonalization run that could not produce a safe output; nothing was released.</summary>
/// <remarks>Messages name columns, counts and settings, never a value of the dataset.</remarks>
public sealed class DepersonalizationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">Why the run failed.</param>
    /// <param name="message">What happened and what to do next; no personal data.</param>
    public DepersonalizationException(DepersonalizationError error, string message)
        : base(message) => Error = error;

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="error">Why the run failed.</param>
    /// <param name="message">What happened and what to do next; no personal data.</param>
    /// <param name="innerException">The cause.</param>
    public DepersonalizationException(DepersonalizationError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    /// <summary>Gets why the run failed.</summary>
    public DepersonalizationError Error { get; }
}
