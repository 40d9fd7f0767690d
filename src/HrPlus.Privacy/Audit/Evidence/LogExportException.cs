namespace HrPlus.Privacy.Audit;

/// <summary>
/// An export file of a log (<see cref="LogExport"/>) was refused: why (<see cref="Reason"/>) and on which line. The message
/// never repeats the file's content.
/// </summary>
public sealed class LogExportException : FormatException
{
    /// <summary>Makes the exception.</summary>
    /// <param name="reason">Why the file was refused.</param>
    /// <param name="lineNumber">The line (from 1) where it was found.</param>
    public LogExportException(LogExportError reason, long lineNumber)
        : base($"Not a valid log export ({reason} at line {lineNumber}): expected the '{LogExport.FormatVersion}' format that 'hrplus evidence export' and LogExport.Write…Async write.")
    {
        Reason = reason;
        LineNumber = lineNumber;
    }

    /// <summary>Makes the exception with the error that caused it.</summary>
    /// <param name="reason">Why the file was refused.</param>
    /// <param name="lineNumber">The line (from 1) where it was found.</param>
    /// <param name="innerException">The parser's error.</param>
    public LogExportException(LogExportError reason, long lineNumber, Exception? innerException)
        : base($"Not a valid log export ({reason} at line {lineNumber}): expected the '{LogExport.FormatVersion}' format that 'hrplus evidence export' and LogExport.Write…Async write.", innerException)
    {
        Reason = reason;
        LineNumber = lineNumber;
    }

    /// <summary>Gets why the file was refused.</summary>
    public LogExportError Reason { get; }

    /// <summary>Gets the line (from 1) where it was found.</summary>
    public long LineNumber { get; }
}
