// HR+ school sample: a small ASP.NET Core app on SQLite that uses HrPlus.Privacy the way a host app does.
// `dotnet run --project samples/HrPlus.Privacy.Sample` creates App_Data/ (database, keys) and seeds synthetic data.
using HrPlus.Privacy.Sample;

var app = await SampleApp.BuildAsync(args);
await app.RunAsync();
