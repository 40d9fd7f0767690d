using System.Text;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Web;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>
/// Rectification (policy clause 6.1.2): the operator corrects a pupil's name and the parent's contacts. The new values
/// are encrypted under the pupil's own key, on whichever instance serves the request, and the change is audited
/// (the operation, never the values).
/// </summary>
public static class PupilEditPages
{
    /// <summary>Maps <c>GET /pupils/{id}/edit</c> and <c>POST /pupils/{id}/edit</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/pupils/{id:guid}/edit", FormAsync);
        app.MapPost("/pupils/{id:guid}/edit", SaveAsync).WithFormChecks();
    }

    private static async Task<IResult> FormAsync(HttpContext http, SchoolDb db, Guid id)
    {
        var page = PageContext.For(http);
        Pupil? pupil;
        try
        {
            pupil = await db.Pupils.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, http.RequestAborted);
        }
        catch (FieldDecryptionException ex) when (PupilPages.Unreadable(page, ex) is { } answer)
        {
            return answer;
        }

        return pupil is null ? NotFound(page) : Form(page, pupil.Id, pupil.FullName, pupil.ParentPhone, pupil.ParentEmail, null);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, SchoolDb db, IAuditTrail audit, Guid id)
    {
        var page = PageContext.For(http);
        var form = http.Request.Form;
        var fullName = form["fullName"].ToString().Trim();
        var phoneTyped = form["parentPhone"].ToString().Trim();
        var email = form["parentEmail"].ToString().Trim();
        var phone = ContactValidation.NormalizePhone(phoneTyped);
        var error = fullName.Length is < 3 or > 200 ? "err.fullName"
            : phone is null ? "err.phone"
            : !ContactValidation.IsEmail(email) ? "err.email"
            : null;
        if (error is not null)
        {
            return Form(page, id, fullName, phoneTyped, email, error);
        }

        Pupil? pupil;
        try
        {
            pupil = await db.Pupils.SingleOrDefaultAsync(p => p.Id == id, http.RequestAborted);
        }
        catch (FieldDecryptionException ex) when (PupilPages.Unreadable(page, ex) is { } answer)
        {
            return answer;
        }

        if (pupil is null)
        {
            return NotFound(page);
        }

        pupil.FullName = fullName;
        pupil.ParentPhone = phone!;
        pupil.ParentEmail = email;
        await db.SaveChangesAsync(http.RequestAborted);
        await audit.AppendAsync(
            new AuditEvent { Operation = AuditOperation.Change, Actor = PupilPages.OperatorActor, SubjectId = id.ToString(), Purpose = PupilRegistrar.Purpose, Target = "Pupil" },
            http.RequestAborted);
        return Results.Redirect(PageContext.UrlIn($"/pupils/{id}?updated=1", page.Language));
    }

    private static IResult Form(PageContext page, Guid id, string fullName, string phone, string email, string? error)
    {
        var html = new StringBuilder("<section><form id=\"edit-form\" method=\"post\" action=\"/pupils/").Append(id).Append("/edit\">").Append(page.FormFields());
        if (error is not null)
        {
            html.Append("<p class=\"error\" id=\"edit-error\">").Append(page.T(error)).Append("</p>");
        }

        html.Append("<label for=\"fullName\">").Append(page.T("reg.fullName")).Append("</label><input type=\"text\" id=\"fullName\" name=\"fullName\" maxlength=\"200\" value=\"")
            .Append(PageContext.E(fullName)).Append("\" required><label for=\"parentPhone\">").Append(page.T("reg.parentPhone"))
            .Append("</label><input type=\"tel\" id=\"parentPhone\" name=\"parentPhone\" maxlength=\"32\" value=\"").Append(PageContext.E(phone))
            .Append("\" required><label for=\"parentEmail\">").Append(page.T("reg.parentEmail"))
            .Append("</label><input type=\"email\" id=\"parentEmail\" name=\"parentEmail\" maxlength=\"254\" value=\"").Append(PageContext.E(email))
            .Append("\" required><p><button type=\"submit\" id=\"edit-submit\">").Append(page.T("edit.save")).Append("</button> <a href=\"")
            .Append(page.Url($"/pupils/{id}")).Append("\">").Append(page.T("edit.cancel")).Append("</a></p></form></section>");
        return Layout.Page(page, "edit.title", html.ToString(), error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static IResult NotFound(PageContext page) =>
        Layout.Page(page, "nav.pupils", $"<p class=\"error\">{page.T("error.notFound")}</p>", StatusCodes.Status404NotFound);
}
