using System.Text.Json;
using Spectre.Console;

namespace HrPlus.Privacy.Tool.Output;

/// <summary>
/// Where a command's results go: a table or lines for people on stdout, or one JSON document with <c>--json</c>.
/// Errors, warnings and questions go to stderr, so stdout stays parseable. Progress bars show only on a terminal.
/// </summary>
internal sealed class ToolOutput
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly TextReader _in;

    public ToolOutput(bool json, TextWriter output, TextWriter error, TextReader input, bool interactive)
    {
        Json = json;
        _out = output;
        _error = error;
        _in = input;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = 160;
        }
    }

    /// <summary>Gets whether the command writes JSON.</summary>
    public bool Json { get; }

    /// <summary>Gets whether stdout is a terminal (then progress bars and colours are shown).</summary>
    public bool Interactive { get; }

    /// <summary>Gets the console for text output.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Writes one line of text output (not in JSON mode).</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            Console.Profile.Out.Writer.WriteLine(text);
        }
    }

    /// <summary>Writes a table (not in JSON mode).</summary>
    public void Table(Table table)
    {
        if (!Json)
        {
            Console.Write(table);
        }
    }

    /// <summary>Writes the command's JSON document (in JSON mode only).</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        if (!Json)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        _out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        _out.Flush();
    }

    /// <summary>Writes a message to stderr.</summary>
    public void Error(string message) => _error.WriteLine(message);

    /// <summary>
    /// Asks a yes/no question on stderr and reads the answer from stdin; <paramref name="assumeYes"/> skips it.
    /// No answer (end of input) is no.
    /// </summary>
    public bool Confirm(string question, bool assumeYes)
    {
        if (assumeYes)
        {
            return true;
        }

        _error.Write($"{question} [y/N] ");
        _error.Flush();
        var answer = _in.ReadLine()?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar on a terminal, or silently otherwise.</summary>
    public async Task<T> ProgressAsync<T>(string title, Func<IProgressSink, Task<T>> work)
    {
        if (Json || !Interactive)
        {
            return await work(NullSink.Instance).ConfigureAwait(false);
        }

        return await Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                task.IsIndeterminate = true;
                var result = await work(new TaskSink(task)).ConfigureAwait(false);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }

    private sealed class NullSink : IProgressSink
    {
        public static readonly NullSink Instance = new();

        public void Report(string description, double? fraction)
        {
        }
    }

    private sealed class TaskSink(ProgressTask task) : IProgressSink
    {
        public void Report(string description, double? fraction)
        {
            task.Description = Markup.Escape(description);
            if (fraction is { } value)
            {
                task.IsIndeterminate = false;
                task.Value = Math.Clamp(value, 0, 1);
            }
        }
    }
}

/// <summary>Takes progress reports of long work.</summary>
internal interface IProgressSink
{
    /// <summary>Tells what is being done and, when known, how much of it (0 to 1).</summary>
    void Report(string description, double? fraction);
}
