using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// The access log's path of a request that matched an endpoint: its route template (<c>/pupils/{id}</c>) with the value
/// of each parameter that is not personal written in (<c>/privacy/consents/support</c>). A parameter is personal when
/// its name is one of <see cref="PrivacyCaptureOptions.PersonalRouteParameters"/> or its value holds a run of 12 digits,
/// an e-mail address or a phone number; it stays <c>{name}</c>. A catch-all value is masked like a path instead.
/// </summary>
internal static class RouteTemplatePath
{
    /// <summary>The endpoint's route pattern, or null when the request matched none (or not a routed one).</summary>
    public static RoutePattern? PatternOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern: var pattern } ? pattern : null;

    /// <summary>The values of the pattern's parameters, in its order, as strings (null where there is none).</summary>
    public static string?[]? ValuesOf(HttpContext context, RoutePattern? pattern)
    {
        if (pattern is null || pattern.Parameters.Count == 0)
        {
            return null;
        }

        var routeValues = context.Request.RouteValues;
        var values = new string?[pattern.Parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = routeValues.TryGetValue(pattern.Parameters[i].Name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        }

        return values;
    }

    /// <summary>The template with the values that are not personal written in; always starts with <c>/</c>.</summary>
    public static string Format(RoutePattern pattern, string?[]? values, ISet<string> personalNames)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            var segmentStart = path.Length;
            path.Append('/');
            var written = false;
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        written = true;
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter when ValueOf(pattern, values, parameter.Name) is { Length: > 0 } value:
                        path.Append(Written(parameter, value, personalNames));
                        written = true;
                        break;
                }
            }

            // An optional parameter without a value has no segment in the request either.
            if (!written)
            {
                path.Length = segmentStart;
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private static string Written(RoutePatternParameterPart parameter, string value, ISet<string> personalNames)
    {
        var placeholder = "{" + parameter.Name + "}";
        if (personalNames.Contains(parameter.Name))
        {
            return placeholder;
        }

        if (parameter.IsCatchAll)
        {
            return PersonalDataMasking.Path(value);
        }

        return PersonalDataMasking.IsPersonal(value) ? placeholder : value;
    }

    private static string? ValueOf(RoutePattern pattern, string?[]? values, string name)
    {
        if (values is null)
        {
            return null;
        }

        for (var i = 0; i < pattern.Parameters.Count && i < values.Length; i++)
        {
            if (string.Equals(pattern.Parameters[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return values[i];
            }
        }

        return null;
    }
}
