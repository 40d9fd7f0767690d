using BenchmarkDotNet.Running;
using HrPlus.Privacy.Benchmarks;

switch (args)
{
    case ["capture-load", .. var rest]:
        await CaptureLoadMeasurement.RunAsync(rest);
        return;
    case ["capture-server", var variant]:
        await CaptureLoadMeasurement.ServeAsync(variant);
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(CaptureLoadMeasurement).Assembly).Run(args);
