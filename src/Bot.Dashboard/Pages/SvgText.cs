using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Bot.Dashboard.Pages;

/// <summary>An SVG <c>text</c> element (Razor reserves the tag in code blocks); its content is encoded like any Razor text.</summary>
public sealed class SvgText : ComponentBase
{
    [Parameter] public double X { get; set; }
    [Parameter] public double Y { get; set; }
    [Parameter] public int Size { get; set; } = 10;
    [Parameter] public string Anchor { get; set; } = "start";
    [Parameter] public string Fill { get; set; } = "#5b6475";
    [Parameter] public string? Weight { get; set; }
    [Parameter] public string Content { get; set; } = "";

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "x", X.ToString("0.#", CultureInfo.InvariantCulture));
        builder.AddAttribute(2, "y", Y.ToString("0.#", CultureInfo.InvariantCulture));
        builder.AddAttribute(3, "font-size", Size.ToString(CultureInfo.InvariantCulture));
        builder.AddAttribute(4, "text-anchor", Anchor);
        builder.AddAttribute(5, "fill", Fill);
        if (Weight is not null)
        {
            builder.AddAttribute(6, "font-weight", Weight);
        }

        builder.AddContent(7, Content);
        builder.CloseElement();
    }
}
