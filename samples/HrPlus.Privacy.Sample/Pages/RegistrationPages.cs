using System.Text;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Web;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>The pupil registration form: IIN checked, a representative's consent for a minor, fields stored encrypted.</summary>
public static class RegistrationPages
{
    private static readonly string[] Relationships = ["parent", "adoptiveParent", "guardian", "trustee"];

    /// <summary>Maps <c>GET /pupils/new</c> and <c>POST /pupils/new</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/pupils/new", async (HttpContext http, IPolicyRegistry policies) =>
            Render(PageContext.For(http), new RegistrationForm(), new Dictionary<string, string>(), await policies.GetCurrentAsync(null, http.RequestAborted), StatusCodes.Status200OK));

        app.MapPost("/pupils/new", async (HttpContext http, PupilRegistrar registrar, IPolicyRegistry policies) =>
        {
            var page = PageContext.For(http);
            var form = RegistrationForm.From(http.Request.Form);
            var result = await registrar.RegisterAsync(form, page.Language, http, http.RequestAborted);
            if (result.Succeeded)
            {
                return Results.Redirect(PageContext.UrlIn($"/pupils/{result.PupilId}?registered=1", page.Language));
            }

            // The IIN is not echoed back into the page: it is typed again.
            var current = await policies.GetCurrentAsync(null, http.RequestAborted);
            return Render(page, form with { Iin = string.Empty }, result.Errors, current, StatusCodes.Status422UnprocessableEntity);
        }).WithFormChecks();
    }

    private static IResult Render(PageContext page, RegistrationForm form, IReadOnlyDictionary<string, string> errors, PolicyVersion? policy, int status)
    {
        var html = new StringBuilder();
        if (errors.Count > 0)
        {
            html.Append("<section id=\"form-errors\" class=\"error\" role=\"alert\"><ul>");
            foreach (var error in errors.Values.Distinct())
            {
                html.Append("<li>").Append(page.T(error)).Append("</li>");
            }

            html.Append("</ul></section>");
        }

        html.Append("<section><form id=\"register-form\" method=\"post\" action=\"/pupils/new\">").Append(page.FormFields())
            .Append("<h3>").Append(page.T("reg.pupil")).Append("</h3>")
            .Append(Field(page, "fullName", "text", form.FullName, errors))
            .Append(Field(page, "iin", "text", form.Iin, errors, "inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"14\""))
            .Append("<p class=\"muted\">").Append(page.T("reg.iinHint")).Append("</p>")
            .Append(Field(page, "parentPhone", "tel", form.ParentPhone, errors))
            .Append(Field(page, "parentEmail", "email", form.ParentEmail, errors))
            .Append("<h3>").Append(page.T("reg.representative")).Append("</h3><p class=\"muted\">").Append(page.T("reg.representativeHint")).Append("</p>")
            .Append(Field(page, "representativeName", "text", form.RepresentativeName, errors))
            .Append("<label for=\"relationship\">").Append(page.T("reg.relationship")).Append("</label><select id=\"relationship\" name=\"relationship\"><option value=\"\">—</option>");
        foreach (var relationship in Relationships)
        {
            html.Append("<option value=\"").Append(relationship).Append('"').Append(string.Equals(form.Relationship, relationship, StringComparison.OrdinalIgnoreCase) ? " selected" : string.Empty)
                .Append('>').Append(page.T("rel." + relationship)).Append("</option>");
        }

        html.Append("</select><label><input type=\"checkbox\" id=\"minorAgrees\" name=\"minorAgrees\"").Append(form.MinorAlsoAgreed ? " checked" : string.Empty).Append("> ")
            .Append(page.T("reg.minorAgrees")).Append("</label>")
            .Append("<h3>").Append(page.T("reg.consent")).Append("</h3><label><input type=\"checkbox\" id=\"acceptPolicy\" name=\"acceptPolicy\"")
            .Append(form.AcceptsPolicy ? " checked" : string.Empty).Append("> ").Append(page.T("reg.accept")).Append(' ')
            .Append("<a href=\"").Append(page.Url($"/policy/{policy?.Version}")).Append("\">").Append(page.T("policy.version")).Append(' ').Append(policy?.Version).Append("</a></label>")
            .Append("<p><button type=\"submit\" id=\"register-submit\">").Append(page.T("reg.submit")).Append("</button></p></form></section>");
        return Layout.Page(page, "nav.register", html.ToString(), status);
    }

    private static string Field(PageContext page, string name, string type, string value, IReadOnlyDictionary<string, string> errors, string extra = "")
    {
        var invalid = errors.ContainsKey(name) ? " aria-invalid=\"true\"" : string.Empty;
        return $"<label for=\"{name}\">{page.T("reg." + name)}</label><input type=\"{type}\" id=\"{name}\" name=\"{name}\" value=\"{PageContext.E(value)}\"{invalid} {extra}>";
    }
}
