using System.Globalization;
using System.Text;
using HrPlus.Privacy.AccessLog;

namespace HrPlus.Privacy.Sample.Operations;

/// <summary>
/// The daily IP statistics as an inline SVG bar chart (no script, no library): per day one bar of requests and one of
/// distinct networks, with the numbers written on the bars, so the page reads the same without styles.
/// </summary>
public static class DailyChart
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Top = 20;
    private const int Bottom = 40;
    private const int Left = 10;

    /// <summary>Renders the chart of <paramref name="days"/> consecutive days ending with <paramref name="last"/>.</summary>
    public static string Render(IReadOnlyList<IpStatistic> statistics, DateOnly last, int days, string title, string requestsLabel, string networksLabel)
    {
        var perDay = Enumerable.Range(0, days).Select(i => last.AddDays(i - days + 1)).Select(day =>
        {
            var ofDay = statistics.Where(s => s.Day == day).ToList();
            return (Day: day, Requests: ofDay.Sum(s => s.Requests), Networks: (long)ofDay.Select(s => s.Network).Distinct(StringComparer.Ordinal).Count());
        }).ToList();
        var max = Math.Max(1, perDay.Max(d => d.Requests));
        var slot = (Width - Left) / (double)days;
        var plot = Height - Top - Bottom;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"ip-chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" style=\"max-width:{Width}px\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<title>").Append(Encode(title)).Append("</title>");
        for (var i = 0; i < perDay.Count; i++)
        {
            var (day, requests, networks) = perDay[i];
            var x = Left + (i * slot);
            Bar(svg, x + (slot * 0.1), slot * 0.38, requests, max, plot, "#3b6ea8", requestsLabel, day);
            Bar(svg, x + (slot * 0.5), slot * 0.38, networks, max, plot, "#9bb8d8", networksLabel, day);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot / 2):0.#}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{day:MM-dd}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Height - 14}\" width=\"10\" height=\"10\" fill=\"#3b6ea8\"/><text x=\"{Left + 14}\" y=\"{Height - 5}\" font-size=\"11\">{Encode(requestsLabel)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + 160}\" y=\"{Height - 14}\" width=\"10\" height=\"10\" fill=\"#9bb8d8\"/><text x=\"{Left + 174}\" y=\"{Height - 5}\" font-size=\"11\">{Encode(networksLabel)}</text>")
            .Append("</svg>");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, double x, double width, long value, long max, int plot, string fill, string label, DateOnly day)
    {
        var height = value == 0 ? 0 : Math.Max(1, plot * value / (double)max);
        var y = Top + plot - height;
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\" fill=\"{fill}\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{day:yyyy-MM-dd} {Encode(label)}: {value}</title></rect>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (width / 2):0.#}\" y=\"{y - 3:0.#}\" font-size=\"10\" text-anchor=\"middle\">{value}</text>");
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
