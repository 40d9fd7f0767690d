using BenchmarkDotNet.Running;
using HrPlus.Privacy.Benchmarks;

switch (args)
{
    case ["capture-load", ..]:
        await CaptureLoadMeasurement.RunAsync();
        return;
    case ["capture-server", var variant]:
        await CaptureLoadMeasurement.ServeAsync(variant);
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(CaptureLoadMeasurement).Assembly).Run(args);
