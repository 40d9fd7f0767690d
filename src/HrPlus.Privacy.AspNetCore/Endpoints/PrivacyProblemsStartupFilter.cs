using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>Puts <see cref="PrivacyProblemsMiddleware"/> first in the pipeline, so it sees what routing and the server answer.</summary>
internal sealed class PrivacyProblemsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<PrivacyProblemsMiddleware>();
        next(app);
    };
}
