<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Application</name>
    <message>
        <source>There is not enough memory for this. Try a smaller image, lesson or network; the last step was not carried out.</source>
        <translation>内存不足，无法完成此操作。请换用更小的图片、课程或网络；上一步操作没有执行。</translation>
    </message>
    <message>
        <source>An unknown error occurred.</source>
        <translation>发生了未知错误。</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
</context>
<context>
    <name>FramePainter</name>
    <message>
        <source>channel %1: %2 = %3</source>
        <translation>通道 %1：%2 = %3</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Output size: </source>
        <translation>输出尺寸：</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>output channel %1 of %2</source>
        <translation>输出通道 %1（共 %2 个）</translation>
    </message>
    <message>
        <source>These parameters do not work together:</source>
        <translation>这些参数无法一起使用：</translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation>第 %1 步：%2</translation>
    </message>
    <message>
        <source>Stamp %1 of %2: %3 = %4 adds %4 × K onto the output</source>
        <translation>第 %1 次盖印（共 %2 次）：%3 = %4，把 %4 × K 加到输出上</translation>
    </message>
    <message>
        <source>%1 of the stamp&apos;s cells fall outside the output: the padding cuts them away.</source>
        <translation>盖印中有 %1 个格落在输出之外：被填充裁掉。</translation>
    </message>
    <message>
        <source>Every input cell has stamped: the running sums are the output of conv_transpose2d.</source>
        <translation>每个输入格都已盖印：累加和就是 conv_transpose2d 的输出。</translation>
    </message>
    <message>
        <source>input X</source>
        <translation>输入 X</translation>
    </message>
    <message>
        <source>input X, channel %1</source>
        <translation>输入 X，通道 %1</translation>
    </message>
    <message>
        <source>kernel K</source>
        <translation>卷积核 K</translation>
    </message>
    <message>
        <source>running sums, output channel %1</source>
        <translation>累加和，输出通道 %1</translation>
    </message>
    <message>
        <source>running sums Y</source>
        <translation>累加和 Y</translation>
    </message>
    <message numerus="yes">
        <source>Hatched: %n cell(s) of the window fall off the grid (ceil mode) and are left out.</source>
        <translation>
            <numerusform>斜线格：窗口有 %n 个格超出网格（向上取整模式），不参与计算。</numerusform>
        </translation>
    </message>
    <message>
        <source>height: %1</source>
        <translation>高度：%1</translation>
    </message>
    <message>
        <source>width: %1</source>
        <translation>宽度：%1</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>inserted zero</source>
        <translation>插入的零</translation>
    </message>
    <message>
        <source>border</source>
        <translation>边框</translation>
    </message>
    <message>
        <source>output_padding</source>
        <translation>output_padding（输出填充）</translation>
    </message>
</context>
<context>
    <name>PageImagePicker</name>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>&lt;h3&gt;ConvScope %1&lt;/h3&gt;&lt;p&gt;See how convolutional networks compute, step by step.&lt;/p&gt;&lt;p&gt;Qt %2 · OpenCV %3 · oneTBB %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ConvScope %1&lt;/h3&gt;&lt;p&gt;一步一步看懂卷积神经网络如何计算。&lt;/p&gt;&lt;p&gt;Qt %2 · OpenCV %3 · oneTBB %4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot open the weights</source>
        <translation>无法打开权重文件</translation>
    </message>
</context>
<context>
    <name>cs::core::Autosave</name>
    <message>
        <source>cannot create the folder "%1"</source>
        <translation>无法创建文件夹“%1”</translation>
    </message>
</context>
<context>
    <name>cs::core::LessonController</name>
    <message>
        <source>Set %1 to %2</source>
        <translation>将 %1 设为 %2</translation>
    </message>
    <message>
        <source>Edit kernel weight</source>
        <translation>编辑卷积核权重</translation>
    </message>
    <message>
        <source>Edit input value</source>
        <translation>编辑输入值</translation>
    </message>
    <message>
        <source>Edit bias</source>
        <translation>编辑偏置</translation>
    </message>
    <message>
        <source>Add bias</source>
        <translation>添加偏置</translation>
    </message>
    <message>
        <source>Remove bias</source>
        <translation>移除偏置</translation>
    </message>
    <message>
        <source>Apply kernel preset %1</source>
        <translation>应用卷积核预设 %1</translation>
    </message>
    <message>
        <source>Set kernel size to %1×%2</source>
        <translation>将卷积核大小设为 %1×%2</translation>
    </message>
    <message>
        <source>Set channels to %1 in, %2 out</source>
        <translation>将通道数设为输入 %1、输出 %2</translation>
    </message>
    <message>
        <source>Set input size to %1×%2</source>
        <translation>将输入大小设为 %1×%2</translation>
    </message>
    <message>
        <source>Change the operation to %1</source>
        <translation>将运算改为 %1</translation>
    </message>
</context>
<context>
    <name>cs::core::OpText</name>
    <message>
        <source>align_corners</source>
        <translation>align_corners（角点对齐）</translation>
    </message>
    <message>
        <source>alpha</source>
        <translation>alpha（系数）</translation>
    </message>
    <message>
        <source>beta</source>
        <translation>beta（指数）</translation>
    </message>
    <message>
        <source>ceil_mode</source>
        <translation>ceil_mode（向上取整）</translation>
    </message>
    <message>
        <source>count_include_pad</source>
        <translation>count_include_pad（填充计入除数）</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>dilation（膨胀）</translation>
    </message>
    <message>
        <source>dim</source>
        <translation>dim（维度）</translation>
    </message>
    <message>
        <source>divisor_override</source>
        <translation>divisor_override（指定除数）</translation>
    </message>
    <message>
        <source>end_dim</source>
        <translation>end_dim（结束维度）</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps（小常数）</translation>
    </message>
    <message>
        <source>flip</source>
        <translation>flip（翻转卷积核）</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>groups（分组）</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k（常数）</translation>
    </message>
    <message>
        <source>kernel_size</source>
        <translation>kernel_size（窗口大小）</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max（上限）</translation>
    </message>
    <message>
        <source>max_val</source>
        <translation>max_val（上限）</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min（下限）</translation>
    </message>
    <message>
        <source>min_val</source>
        <translation>min_val（下限）</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>mode（方式）</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>momentum（动量）</translation>
    </message>
    <message>
        <source>negative_slope</source>
        <translation>negative_slope（负斜率）</translation>
    </message>
    <message>
        <source>norm_type</source>
        <translation>norm_type（范数 p）</translation>
    </message>
    <message>
        <source>out_channels</source>
        <translation>out_channels（输出通道数）</translation>
    </message>
    <message>
        <source>out_features</source>
        <translation>out_features（输出特征数）</translation>
    </message>
    <message>
        <source>output_padding</source>
        <translation>output_padding（输出填充）</translation>
    </message>
    <message>
        <source>output_size</source>
        <translation>output_size（输出大小）</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p（丢弃概率）</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>padding（填充）</translation>
    </message>
    <message>
        <source>padding_mode</source>
        <translation>padding_mode（填充方式）</translation>
    </message>
    <message>
        <source>scale_factor</source>
        <translation>scale_factor（缩放倍数）</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>seed（随机种子）</translation>
    </message>
    <message>
        <source>size</source>
        <translation>size（大小）</translation>
    </message>
    <message>
        <source>start_dim</source>
        <translation>start_dim（起始维度）</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>stride（步幅）</translation>
    </message>
    <message>
        <source>training</source>
        <translation>training（训练模式）</translation>
    </message>
    <message>
        <source>The output's height and width; 1 pools each channel globally.</source>
        <translation>输出的高和宽；为 1 时对每个通道做全局池化。</translation>
    </message>
    <message>
        <source>What the second input is multiplied by.</source>
        <translation>第二个输入要乘以的数。</translation>
    </message>
    <message>
        <source>Training normalises with the batch's statistics and updates the running ones; evaluation uses the running statistics.</source>
        <translation>训练时用本批数据的统计量归一化并更新滑动统计量；评估时使用滑动统计量。</translation>
    </message>
    <message>
        <source>How far one batch moves the running statistics.</source>
        <translation>一批数据使滑动统计量移动多少。</translation>
    </message>
    <message>
        <source>Added to the variance so that no division is by zero.</source>
        <translation>加到方差上，避免除以 0。</translation>
    </message>
    <message>
        <source>The dimension the inputs are stacked along (1: channels).</source>
        <translation>沿哪个维度拼接输入（1：通道）。</translation>
    </message>
    <message>
        <source>Values below this become this.</source>
        <translation>小于此值的数都变成此值。</translation>
    </message>
    <message>
        <source>Values above this become this.</source>
        <translation>大于此值的数都变成此值。</translation>
    </message>
    <message>
        <source>Values below this become this (None: no lower bound).</source>
        <translation>小于此值的数都变成此值（None：没有下限）。</translation>
    </message>
    <message>
        <source>Values above this become this (None: no upper bound).</source>
        <translation>大于此值的数都变成此值（None：没有上限）。</translation>
    </message>
    <message>
        <source>The probability that a value is zeroed while training.</source>
        <translation>训练时每个值被置为 0 的概率。</translation>
    </message>
    <message>
        <source>Training drops values; evaluation passes them through.</source>
        <translation>训练时丢弃一些值；评估时原样通过。</translation>
    </message>
    <message>
        <source>Which random mask: the same seed, the same mask.</source>
        <translation>使用哪个随机掩码：相同的种子，相同的掩码。</translation>
    </message>
    <message>
        <source>How many neighbouring channels normalise each value.</source>
        <translation>用多少个相邻通道来归一化每个值。</translation>
    </message>
    <message>
        <source>The weight of the neighbours' squares.</source>
        <translation>相邻值平方和的权重。</translation>
    </message>
    <message>
        <source>The power of the normaliser.</source>
        <translation>归一化项的指数。</translation>
    </message>
    <message>
        <source>Added to the normaliser.</source>
        <translation>加到归一化项上的常数。</translation>
    </message>
    <message>
        <source>How many kernels, so how many output channels.</source>
        <translation>卷积核的个数，也就是输出通道数。</translation>
    </message>
    <message>
        <source>The height and width of each kernel.</source>
        <translation>每个卷积核的高和宽。</translation>
    </message>
    <message>
        <source>How far the kernel moves between two outputs.</source>
        <translation>相邻两个输出之间卷积核移动的距离。</translation>
    </message>
    <message>
        <source>Cells added around the input on each side.</source>
        <translation>在输入每一边外加的格子数。</translation>
    </message>
    <message>
        <source>The spacing between the cells the kernel reads.</source>
        <translation>卷积核读取的格子之间的间距。</translation>
    </message>
    <message>
        <source>Split the channels into this many independent groups.</source>
        <translation>把通道分成这么多个互相独立的组。</translation>
    </message>
    <message>
        <source>Extra rows and columns added to one side of the output.</source>
        <translation>在输出的一侧额外增加的行数和列数。</translation>
    </message>
    <message>
        <source>What the padding cells hold.</source>
        <translation>填充格子里放什么值。</translation>
    </message>
    <message>
        <source>True convolution: the kernel rotated by 180°.</source>
        <translation>真正的卷积：卷积核旋转 180°。</translation>
    </message>
    <message>
        <source>What negative values are multiplied by.</source>
        <translation>负值要乘以的数。</translation>
    </message>
    <message>
        <source>The first dimension folded into one.</source>
        <translation>合并为一维的第一个维度。</translation>
    </message>
    <message>
        <source>The last dimension folded into one.</source>
        <translation>合并为一维的最后一个维度。</translation>
    </message>
    <message>
        <source>How many outputs: one weighted sum of all inputs each.</source>
        <translation>输出的个数：每个输出都是所有输入的一个加权和。</translation>
    </message>
    <message>
        <source>The dimension whose values become probabilities.</source>
        <translation>哪个维度上的值被变成概率。</translation>
    </message>
    <message>
        <source>The output's height and width.</source>
        <translation>输出的高和宽。</translation>
    </message>
    <message>
        <source>How much larger the output is.</source>
        <translation>输出比输入大多少倍。</translation>
    </message>
    <message>
        <source>How new cells get their values.</source>
        <translation>新格子如何得到它们的值。</translation>
    </message>
    <message>
        <source>bilinear: the corner cells of input and output line up.</source>
        <translation>bilinear：输入和输出的角点格子对齐。</translation>
    </message>
    <message>
        <source>The height and width of the pooling window.</source>
        <translation>池化窗口的高和宽。</translation>
    </message>
    <message>
        <source>How far the window moves between two outputs (default: kernel_size).</source>
        <translation>相邻两个输出之间窗口移动的距离（默认等于 kernel_size）。</translation>
    </message>
    <message>
        <source>The spacing between the cells the window reads.</source>
        <translation>窗口读取的格子之间的间距。</translation>
    </message>
    <message>
        <source>Round the output size up: a last window may hang off the input.</source>
        <translation>输出大小向上取整：最后一个窗口可以超出输入。</translation>
    </message>
    <message>
        <source>Padding cells count in the divisor.</source>
        <translation>填充格子也计入除数。</translation>
    </message>
    <message>
        <source>Divide by this number instead of the window's size.</source>
        <translation>用这个数而不是窗口大小做除数。</translation>
    </message>
    <message>
        <source>The p of the p-norm: 1 sums, 2 is the Euclidean norm.</source>
        <translation>p 范数中的 p：1 为求和，2 为欧几里得范数。</translation>
    </message>
    <message>
        <source>pad</source>
        <translation>pad（四边填充）</translation>
    </message>
    <message>
        <source>value</source>
        <translation>value（填充值）</translation>
    </message>
    <message>
        <source>Cells added on the left, right, top and bottom.</source>
        <translation>在左、右、上、下各边外加的格子数。</translation>
    </message>
    <message>
        <source>What the added cells hold: a constant, a mirror, the edge, or the other side.</source>
        <translation>外加格子的取值：常数、镜像、边缘值，或另一侧的值（循环）。</translation>
    </message>
    <message>
        <source>The constant the added cells hold (None: 0).</source>
        <translation>外加格子所填的常数（None：0）。</translation>
    </message>
</context>
<context>
    <name>cs::core::PipelineController</name>
    <message>
        <source>layer %1 (%2)</source>
        <translation>第 %1 层（%2）</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>A pipeline can have at most %1 layers.</source>
        <translation>一个流水线最多可以有 %1 层。</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>删除%1</translation>
    </message>
    <message>
        <source>Move %1 up</source>
        <translation>将%1上移</translation>
    </message>
    <message>
        <source>Move %1 down</source>
        <translation>将%1下移</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Change the input</source>
        <translation>更改输入</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Cannot use the image</source>
        <translation>无法使用该图像</translation>
    </message>
    <message>
        <source>Cannot open the pipeline</source>
        <translation>无法打开流水线</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Cannot save the pipeline</source>
        <translation>无法保存流水线</translation>
    </message>
    <message>
        <source>Cannot compute the feature maps</source>
        <translation>无法计算特征图</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>There are no feature maps to export yet.</source>
        <translation>还没有可导出的特征图。</translation>
    </message>
    <message>
        <source>Saved the contact sheet %1</source>
        <translation>已保存缩略图总览 %1</translation>
    </message>
    <message>
        <source>Saved %1 feature maps in %2</source>
        <translation>已将 %1 张特征图保存到 %2</translation>
    </message>
<message><source>Rename %1</source><translation>重命名%1</translation></message>    <message>
        <source>Cannot export the pipeline as ONNX</source>
        <translation>无法将流水线导出为 ONNX</translation>
    </message>
</context>
<context>
    <name>cs::core::PipelineModel</name>
    <message>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <source>✗ does not fit</source>
        <translation>✗ 无法计算</translation>
    </message>
    <message>
        <source>(after an error)</source>
        <translation>（位于出错的层之后）</translation>
    </message>
    <message>
        <source>Output %1
%2
Parameters: %3
Receptive field: %4</source>
        <translation>输出 %1
%2
参数：%3
感受野：%4</translation>
    </message>
    <message>
        <source>the whole input</source>
        <translation>整个输入</translation>
    </message>
<message><source>input</source><translation>输入</translation></message><message><source>%1 (the largest of its %2 paths)</source><translation>%1（它的 %2 条路径中最大的）</translation></message></context>
<context>
    <name>cs::gui::ActivationPage</name>
    <message>
        <source>Computing the maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>ReLU: max(0, x)</source>
        <translation>ReLU：max(0, x)</translation>
    </message>
    <message>
        <source>Leaky ReLU: x, or slope · x below 0</source>
        <translation>Leaky ReLU：x，小于 0 时为 斜率 · x</translation>
    </message>
    <message>
        <source>Sigmoid: 1 / (1 + e^−x)</source>
        <translation>Sigmoid：1 / (1 + e^−x)</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>Negative slope</source>
        <translation>负半轴斜率</translation>
    </message>
    <message>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Before: Sobel x response (signed)</source>
        <translation>之前：Sobel x 响应（有正有负）</translation>
    </message>
    <message>
        <source>After %1 (same colour scale)</source>
        <translation>经过 %1 之后（同一色标）</translation>
    </message>
    <message>
        <source>The function</source>
        <translation>函数曲线</translation>
    </message>
    <message>
        <source>input x</source>
        <translation>输入 x</translation>
    </message>
    <message>
        <source>output f(x)</source>
        <translation>输出 f(x)</translation>
    </message>
    <message>
        <source>How many values, before and after</source>
        <translation>数值分布：之前与之后</translation>
    </message>
    <message>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>个数</translation>
    </message>
    <message>
        <source>ReLU set %1 of %2 values (%3%) to 0: every negative one. Afterwards %4 values are 0 and %5 are positive.</source>
        <translation>ReLU 把 %2 个值中的 %1 个（%3%）设为 0：所有负值都被截去。之后有 %4 个值为 0，%5 个为正。</translation>
    </message>
    <message>
        <source>Leaky ReLU multiplied the %1 negative values (%3% of %2) by %4: they stay negative but shrink, so a little gradient still flows.</source>
        <translation>Leaky ReLU 把 %1 个负值（占 %2 个中的 %3%）乘以 %4：它们仍为负但变小了，因此仍有少量梯度通过。</translation>
    </message>
    <message>
        <source>Sigmoid squeezes every value into (0, 1): the %1 negative values (%3% of %2) now lie below 0.5; none is negative any more.</source>
        <translation>Sigmoid 把每个值压缩到 (0, 1)：%1 个负值（占 %2 个中的 %3%）现在都小于 0.5，不再有负值。</translation>
    </message>
    <message>
        <source>tanh squeezes every value into (−1, 1) and keeps its sign: the %1 negative values (%3% of %2) stay negative.</source>
        <translation>tanh 把每个值压缩到 (−1, 1) 并保留符号：%1 个负值（占 %2 个中的 %3%）仍为负。</translation>
    </message>
    <message>
        <source>Activation: %1</source>
        <translation>激活函数：%1</translation>
    </message>
    <message>
        <source>Cannot compute the maps: %1</source>
        <translation>无法计算特征图：%1</translation>
    </message>
    <message>
        <source>No map: %1</source>
        <translation>没有特征图：%1</translation>
    </message>
</context>
<context>
    <name>cs::gui::ChannelsPage</name>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Computing the maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Channels add up</source>
        <translation>通道相加</translation>
    </message>
    <message>
        <source>1×1 convolution</source>
        <translation>1×1 卷积</translation>
    </message>
    <message>
        <source>Groups and depthwise</source>
        <translation>分组与深度卷积</translation>
    </message>
    <message>
        <source>Parameter counts</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Output channel (kernel)</source>
        <translation>输出通道（卷积核）</translation>
    </message>
    <message>
        <source>Input: one plane per channel</source>
        <translation>输入：每个通道一个平面</translation>
    </message>
    <message>
        <source>The kernel of output channel %1: one slice per input channel</source>
        <translation>输出通道 %1 的卷积核：每个输入通道一个切片</translation>
    </message>
    <message>
        <source>Each plane convolved with its slice, then summed with the bias</source>
        <translation>每个平面与其切片做卷积，再与偏置相加</translation>
    </message>
    <message>
        <source>Several kernels give several output maps</source>
        <translation>多个卷积核得到多张输出图</translation>
    </message>
    <message>
        <source>A 1×1 kernel looks at one pixel at a time: every output pixel is a weighted sum of the input channels at that pixel, plus the bias. It mixes channels without looking at neighbours.</source>
        <translation>1×1 卷积核一次只看一个像素：每个输出像素都是该像素处各输入通道的加权和再加偏置。它混合通道，但不看相邻像素。</translation>
    </message>
    <message>
        <source>weights: one row per output channel, one column per input</source>
        <translation>权重：每个输出通道一行，每个输入通道一列</translation>
    </message>
    <message>
        <source>Pixel (row, column)</source>
        <translation>像素（行，列）</translation>
    </message>
    <message>
        <source>Input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>分组数</translation>
    </message>
    <message>
        <source>Input height × width</source>
        <translation>输入高 × 宽</translation>
    </message>
    <message>
        <source>Kernel size k</source>
        <translation>卷积核大小 k</translation>
    </message>
    <message>
        <source>A convolution shares one small kernel across every position, so its parameter count does not grow with the image: k·k·C_in/groups + 1 per output channel. A fully connected neuron needs one weight for every input value.</source>
        <translation>卷积在每个位置共享同一个小卷积核，因此参数量不随图像变大：每个输出通道 k·k·C_in/groups + 1 个。全连接神经元则需要为每个输入值配一个权重。</translation>
    </message>
    <message>
        <source>Σ partial maps + bias %1 gives values from %2 to %3; it differs from conv2d's output map by at most %4.</source>
        <translation>Σ 部分图 + 偏置 %1 的取值范围为 %2 到 %3；与 conv2d 输出图的差别最多为 %4。</translation>
    </message>
    <message>
        <source>%1 ∗ slice %2</source>
        <translation>%1 ∗ 切片 %2</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>bias
%1</source>
        <translation>偏置
%1</translation>
    </message>
    <message>
        <source>output channel %1</source>
        <translation>输出通道 %1</translation>
    </message>
    <message>
        <source>1×1 output channel %1</source>
        <translation>1×1 输出通道 %1</translation>
    </message>
    <message>
        <source>slice for %1</source>
        <translation>%1 的切片</translation>
    </message>
    <message>
        <source>output %1 at (%2, %3) = %4 = %5</source>
        <translation>输出 %1 在 (%2, %3) = %4 = %5</translation>
    </message>
    <message>
        <source>Each output channel reads %1 of the %2 input channels. Weight shape %3: %4 weights + %5 biases = %6 parameters for 3×3 kernels (groups = 1 would need %7).</source>
        <translation>每个输出通道读取 %2 个输入通道中的 %1 个。权重形状 %3：%4 个权重 + %5 个偏置 = %6 个参数（3×3 卷积核；groups = 1 时需要 %7 个）。</translation>
    </message>
    <message>
        <source>groups = input channels: a depthwise convolution, one kernel per channel that never mixes channels.</source>
        <translation>groups 等于输入通道数：这是深度卷积，每个通道一个卷积核，通道之间从不混合。</translation>
    </message>
    <message>
        <source>Not a valid convolution: %1</source>
        <translation>不是有效的卷积：%1</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Weight shape</source>
        <translation>权重形状</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重数</translation>
    </message>
    <message>
        <source>Biases</source>
        <translation>偏置数</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Convolution: %1 kernel(s) %2×%2×%3</source>
        <translation>卷积：%1 个 %2×%2×%3 卷积核</translation>
    </message>
    <message>
        <source>Fully connected: %1 neuron(s) on the %2×%3×%4 input</source>
        <translation>全连接：%2×%3×%4 输入上的 %1 个神经元</translation>
    </message>
    <message>
        <source>Fully connected with as many outputs as the convolution (%1)</source>
        <translation>输出个数与卷积相同的全连接层（%1 个）</translation>
    </message>
    <message>
        <source>Cannot compute the maps: %1</source>
        <translation>无法计算特征图：%1</translation>
    </message>
    <message>
        <source>No maps: %1</source>
        <translation>没有特征图：%1</translation>
    </message>
</context>
<context>
    <name>cs::gui::ConfusionView</name>
    <message>
        <source>Compute the confusion matrix to see which classes the network mixes up.</source>
        <translation>计算混淆矩阵，看看网络会把哪些类别弄混。</translation>
    </message>
    <message>
        <source>rows: true class · columns: predicted · accuracy %1%</source>
        <translation>行：真实类别 · 列：预测类别 · 精度 %1%</translation>
    </message>
    <message>
        <source>Most confident mistakes (true → predicted); click to look inside</source>
        <translation>最自信的错误（真实 → 预测）；点击查看内部</translation>
    </message>
</context>
<context>
    <name>cs::gui::FeatureMapGrid</name>
    <message>
        <source>No maps: layer 1 cannot work with its settings (the layer list says why).</source>
        <translation>没有特征图：第 1 层的设置无法工作（原因见层列表）。</translation>
    </message>
    <message>
        <source>Computing the feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Open an image to see its feature maps.</source>
        <translation>打开一张图像以查看其特征图。</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>L%1 c%2</source>
        <translation>第%1层 通道%2</translation>
    </message>
    <message>
        <source>c%1</source>
        <translation>通道%1</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>还有 %1 个</translation>
    </message>
    <message>
        <source>input (%1, %2)</source>
        <translation>输入 (%1, %2)</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) = %5</source>
        <translation>第 %1 层，通道 %2，(%3, %4) = %5</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) ≈ %5 (mean of the thumbnail pixel)</source>
        <translation>第 %1 层，通道 %2，(%3, %4) ≈ %5（缩略图像素的平均值）</translation>
    </message>
</context>
<context>
    <name>cs::gui::FeatureMapViewer</name>
    <message>
        <source>No maps here: layer %1 cannot work with its settings (the layer list says why).</source>
        <translation>此处没有特征图：第 %1 层的设置无法工作（原因见层列表）。</translation>
    </message>
    <message>
        <source>Computing the feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Open an image to see its feature maps.</source>
        <translation>打开一张图像以查看其特征图。</translation>
    </message>
    <message>
        <source>input (%1, %2)</source>
        <translation>输入 (%1, %2)</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) = %5</source>
        <translation>第 %1 层，通道 %2，(%3, %4) = %5</translation>
    </message>
    <message>
        <source>layer %1, channel %2, (%3, %4) ≈ %5 (mean of the thumbnail pixel)</source>
        <translation>第 %1 层，通道 %2，(%3, %4) ≈ %5（缩略图像素的平均值）</translation>
    </message>
</context>
<context>
    <name>cs::gui::ImageModeView</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output feature map</source>
        <translation>输出特征图</translation>
    </message>
    <message>
        <source>output (%1, %2) = %3</source>
        <translation>输出 (%1, %2) = %3</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Computing the feature map…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>Output %1</source>
        <translation>输出 %1</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>色彩映射</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Output channel</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <source>symmetric around zero</source>
        <translation>以零为中心对称</translation>
    </message>
    <message>
        <source>min–max</source>
        <translation>最小–最大</translation>
    </message>
    <message>
        <source>Diverging</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis（紫–绿–黄）</translation>
    </message>
</context>
<context>
    <name>cs::gui::InspectPage</name>
    <message>
        <source>Open Photo</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>Shipped weights: LeNet with ReLU (modern)</source>
        <translation>自带权重：使用 ReLU 的 LeNet（现代）</translation>
    </message>
    <message>
        <source>Shipped weights: LeNet (d2l, sigmoid)</source>
        <translation>自带权重：LeNet（d2l，sigmoid）</translation>
    </message>
    <message>
        <source>The network on the Train page</source>
        <translation>“训练”页上的网络</translation>
    </message>
    <message>
        <source>Test picture #</source>
        <translation>测试图片 #</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Draw with the mouse, or drop a photo here:</source>
        <translation>用鼠标绘制，或把照片拖到这里：</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Open Photo…</source>
        <translation>打开照片…</translation>
    </message>
    <message>
        <source>Confusion Matrix over the Test Set</source>
        <translation>测试集上的混淆矩阵</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The Fashion-MNIST test pictures are not available (%1); draw or open a photo instead.</source>
        <translation>Fashion-MNIST 测试图片不可用（%1）；请改为绘制或打开照片。</translation>
    </message>
    <message>
        <source>Loading the test pictures…</source>
        <translation>正在加载测试图片…</translation>
    </message>
    <message>
        <source>The photo has a light background, so it was inverted: Fashion-MNIST shows light clothes on black.</source>
        <translation>照片背景较亮，因此已反相：Fashion-MNIST 中是黑底上的浅色衣物。</translation>
    </message>
    <message>
        <source>Cannot open the photo: %1</source>
        <translation>无法打开照片：%1</translation>
    </message>
    <message>
        <source>Prediction: %1 (%2%)</source>
        <translation>预测：%1（%2%）</translation>
    </message>
    <message>
        <source>True class: %1</source>
        <translation>真实类别：%1</translation>
    </message>
    <message>
        <source>What the network sees (28×28)</source>
        <translation>网络看到的图像（28×28）</translation>
    </message>
</context>
<context>
    <name>cs::gui::InspectProbabilities</name>
    <message>
        <source>Class probabilities</source>
        <translation>类别概率</translation>
    </message>
</context>
<context>
    <name>cs::gui::KernelEditor</name>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Slice (out, in)</source>
        <translation>切片（输出，输入）</translation>
    </message>
    <message>
        <source>Output channel: which kernel</source>
        <translation>输出通道：哪个卷积核</translation>
    </message>
    <message>
        <source>Input channel: which slice of the 3-D kernel</source>
        <translation>输入通道：三维卷积核的哪个切片</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Kernel preset</source>
        <translation>卷积核预设</translation>
    </message>
    <message>
        <source>“%1” is not allowed: a weight must be a finite number, not NaN or infinity.</source>
        <translation>不允许输入“%1”：权重必须是有限的数，不能是 NaN 或无穷大。</translation>
    </message>
    <message>
        <source>“%1” is not a number: type a weight such as 0.25 or -1.</source>
        <translation>“%1”不是数：请输入一个权重，例如 0.25 或 -1。</translation>
    </message>
</context>
<context>
    <name>cs::gui::KernelLearningView</name>
    <message>
        <source>Kernel to learn:</source>
        <translation>要学习的卷积核：</translation>
    </message>
    <message>
        <source>d2l 6.2.4: edge detector [1, −1] on a 6×8 image</source>
        <translation>d2l 6.2.4：6×8 图像上的边缘检测器 [1, −1]</translation>
    </message>
    <message>
        <source>Sobel x (3×3) on a photo</source>
        <translation>照片上的 Sobel x（3×3）</translation>
    </message>
    <message>
        <source>Laplacian (3×3) on a photo</source>
        <translation>照片上的拉普拉斯（3×3）</translation>
    </message>
    <message>
        <source>My own 3×3 kernel (edit K) on a photo</source>
        <translation>照片上我自己的 3×3 卷积核（编辑 K）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>One Epoch</source>
        <translation>一个迭代周期</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Y is X filtered with the kernel K. Starting from a random kernel K̂, each epoch computes Ŷ = X ⋆ K̂, the squared error between Ŷ and Y, and moves K̂ against its gradient (learning rate %1). K̂ converges to K: the network can learn a filter from examples alone.</source>
        <translation>Y 是 X 经卷积核 K 滤波的结果。从随机卷积核 K̂ 开始，每个迭代周期计算 Ŷ = X ⋆ K̂ 以及 Ŷ 与 Y 的平方误差，并沿梯度反方向移动 K̂（学习率 %1）。K̂ 收敛到 K：网络仅凭样例就能学会一个滤波器。</translation>
    </message>
    <message>
        <source>Type the values of your kernel.</source>
        <translation>输入你的卷积核的数值。</translation>
    </message>
    <message>
        <source>Loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>epoch %1 · loss %2</source>
        <translation>迭代周期 %1 · 损失 %2</translation>
    </message>
    <message>
        <source>X (input)</source>
        <translation>X（输入）</translation>
    </message>
    <message>
        <source>Y = X ⋆ K (target)</source>
        <translation>Y = X ⋆ K（目标）</translation>
    </message>
    <message>
        <source>Ŷ = X ⋆ K̂ (prediction)</source>
        <translation>Ŷ = X ⋆ K̂（预测）</translation>
    </message>
</context>
<context>
    <name>cs::gui::LaplacianPage</name>
    <message>
        <source>Computing the maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>c = %1</source>
        <translation>c = %1</translation>
    </message>
    <message>
        <source>Sharpened: image − %1 · Laplacian</source>
        <translation>锐化：图像 − %1 · 拉普拉斯</translation>
    </message>
    <message>
        <source>1-D: differences of an edge</source>
        <translation>一维：边缘的差分</translation>
    </message>
    <message>
        <source>2-D: building the Laplacian</source>
        <translation>二维：搭出拉普拉斯核</translation>
    </message>
    <message>
        <source>On the image</source>
        <translation>作用于图像</translation>
    </message>
    <message>
        <source>Edge width (samples)</source>
        <translation>边缘宽度（采样点）</translation>
    </message>
    <message>
        <source>intensity f</source>
        <translation>亮度 f</translation>
    </message>
    <message>
        <source>first difference f[i+1] − f[i]</source>
        <translation>一阶差分 f[i+1] − f[i]</translation>
    </message>
    <message>
        <source>second difference f[i−1] − 2f[i] + f[i+1]</source>
        <translation>二阶差分 f[i−1] − 2f[i] + f[i+1]</translation>
    </message>
    <message>
        <source>A step edge and its differences</source>
        <translation>阶跃边缘及其差分</translation>
    </message>
    <message>
        <source>The first difference peaks where the intensity climbs; the second difference swings positive then negative and crosses zero at the middle of the edge. Both are conv1d with the kernels [−1, 1] and [1, −2, 1].</source>
        <translation>一阶差分在亮度上升处达到峰值；二阶差分先正后负，并在边缘中点穿过零。两者都是 conv1d，卷积核分别为 [−1, 1] 和 [1, −2, 1]。</translation>
    </message>
    <message>
        <source>4-neighbour</source>
        <translation>4 邻域</translation>
    </message>
    <message>
        <source>8-neighbour</source>
        <translation>8 邻域</translation>
    </message>
    <message>
        <source>The second difference [1 −2 1] laid along a row measures curvature left–right; along a column, up–down. Their sum is the 4-neighbour Laplacian. Adding the two diagonals gives the 8-neighbour kernel, which responds to edges in every direction alike. Choosing one here sets the lesson's kernel.</source>
        <translation>二阶差分 [1 −2 1] 沿行放置时测量左右方向的弯曲，沿列放置时测量上下方向的弯曲。两者之和就是 4 邻域拉普拉斯核。再加上两条对角线得到 8 邻域卷积核，它对各个方向的边缘响应一致。在这里选择会设置本课的卷积核。</translation>
    </message>
    <message>
        <source>Sharpening amount</source>
        <translation>锐化强度</translation>
    </message>
    <message>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Original (gray)</source>
        <translation>原图（灰度）</translation>
    </message>
    <message>
        <source>Sobel gradient magnitude (for comparison)</source>
        <translation>Sobel 梯度幅值（对比）</translation>
    </message>
    <message>
        <source>Laplacian values from %1 to %2 on a %3×%4 image</source>
        <translation>拉普拉斯响应范围 %1 到 %2（图像 %3×%4）</translation>
    </message>
    <message>
        <source>horizontal [1 −2 1]</source>
        <translation>水平 [1 −2 1]</translation>
    </message>
    <message>
        <source>vertical [1 −2 1]</source>
        <translation>竖直 [1 −2 1]</translation>
    </message>
    <message>
        <source>diagonal ↘</source>
        <translation>对角线 ↘</translation>
    </message>
    <message>
        <source>diagonal ↙</source>
        <translation>对角线 ↙</translation>
    </message>
    <message>
        <source>8-neighbour Laplacian</source>
        <translation>8 邻域拉普拉斯</translation>
    </message>
    <message>
        <source>4-neighbour Laplacian</source>
        <translation>4 邻域拉普拉斯</translation>
    </message>
    <message>
        <source>Use the 8-neighbour Laplacian</source>
        <translation>使用 8 邻域拉普拉斯核</translation>
    </message>
    <message>
        <source>Use the 4-neighbour Laplacian</source>
        <translation>使用 4 邻域拉普拉斯核</translation>
    </message>
    <message>
        <source>Cannot compute the maps: %1</source>
        <translation>无法计算特征图：%1</translation>
    </message>
    <message>
        <source>No map: %1</source>
        <translation>没有特征图：%1</translation>
    </message>
    <message>
        <source>Edge map: Laplacian (colours saturate at the 99th percentile)</source>
        <translation>边缘图：拉普拉斯（颜色在第 99 百分位处饱和）</translation>
    </message>
</context>
<context>
    <name>cs::gui::LessonCanvas</name>
    <message>
        <source>Input value</source>
        <translation>输入值</translation>
    </message>
    <message>
        <source>Value of input cell (%1, %2):</source>
        <translation>输入格 (%1, %2) 的值：</translation>
    </message>
    <message>
        <source>output (%1, %2) = %3</source>
        <translation>输出 (%1, %2) = %3</translation>
    </message>
    <message>
        <source>input cell (%1, %2), channel %3</source>
        <translation>输入格 (%1, %2)，通道 %3</translation>
    </message>
</context>
<context>
    <name>cs::gui::MainWindow</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The Training tab is training another network: cancel it first.</source>
        <translation>“训练”标签页正在训练另一个网络：请先取消训练。</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>ConvScope lessons (*.json)</source>
        <translation>ConvScope 课程 (*.json)</translation>
    </message>
    <message>
        <source>Save Lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>About ConvScope</source>
        <translation>关于 ConvScope</translation>
    </message>
    <message>
        <source>ConvScope</source>
        <translation>ConvScope</translation>
    </message>
    <message>
        <source>ConvScope — %1</source>
        <translation>ConvScope — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>色彩映射</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation>打开图像(&amp;I)…</translation>
    </message>
    <message>
        <source>Open &amp;Lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Save Lesson…</source>
        <translation>保存课程(&amp;S)…</translation>
    </message>
    <message>
        <source>Export Frame as PNG…</source>
        <translation>导出当前画面为 PNG…</translation>
    </message>
    <message>
        <source>Export Animation…</source>
        <translation>导出动画…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <source>Copy PyTorch Code</source>
        <translation>复制 PyTorch 代码</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show &amp;Values</source>
        <translation>显示数值(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Image Mode</source>
        <translation>图像模式(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Presenter Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;High Contrast</source>
        <translation>高对比度(&amp;H)</translation>
    </message>
    <message>
        <source>Play / Pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step Forward</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <source>Step Back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <source>To Start</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <source>To End</source>
        <translation>跳到结尾</translation>
    </message>
    <message>
        <source>&amp;About ConvScope</source>
        <translation>关于 ConvScope(&amp;A)</translation>
    </message>
    <message>
        <source>Diverging (blue–white–red)</source>
        <translation>发散（蓝–白–红）</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis（紫–绿–黄）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Invalid parameters: %1</source>
        <translation>参数无效：%1</translation>
    </message>
    <message>
        <source>%1: input %2 → output %3 · step %4 of %5</source>
        <translation>%1：输入 %2 → 输出 %3 · 第 %4 步，共 %5 步</translation>
    </message>
    <message>
        <source>%1: input %2 → output %3</source>
        <translation>%1：输入 %2 → 输出 %3</translation>
    </message>
    <message>
        <source>Image mode</source>
        <translation>图像模式</translation>
    </message>
    <message>
        <source>Open an image first (File › Open Image…, drag one onto the window, or paste one).</source>
        <translation>请先打开一张图像（文件 › 打开图像…，拖放到窗口上，或粘贴）。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot save the lesson</source>
        <translation>无法保存课程</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>清除最近打开</translation>
    </message>
    <message>
        <source>Paste Image</source>
        <translation>粘贴图像</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>Export Frame as PNG</source>
        <translation>导出当前画面为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export Frame</source>
        <translation>导出画面</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Export Animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Video (*.mp4 *.avi);;PNG frames in a folder (*)</source>
        <translation>视频 (*.mp4 *.avi);;文件夹中的 PNG 帧 (*)</translation>
    </message>
    <message>
        <source>Rendering the animation…</source>
        <translation>正在渲染动画…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Wrote %1 frames to %2</source>
        <translation>已将 %1 帧写入 %2</translation>
    </message>
    <message>
        <source>Replay the Transposed Grid Construction</source>
        <translation>重放转置卷积网格的构建</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>特征图实验室</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Restore your work?</source>
        <translation>恢复你的工作吗？</translation>
    </message>
    <message>
        <source>ConvScope was closed unexpectedly. Restore the lesson, the playground pipeline and the training run that were open?</source>
        <translation>ConvScope 意外关闭。要恢复当时打开的课程、特征图实验室的流水线和训练进度吗？</translation>
    </message>
    <message>
        <source>Cannot restore the training run</source>
        <translation>无法恢复训练进度</translation>
    </message>
    <message>
        <source>Autosave is not working</source>
        <translation>自动保存无法工作</translation>
    </message>
    <message>
        <source>Your work is not being saved automatically: %1</source>
        <translation>你的工作目前没有被自动保存：%1</translation>
    </message>
    <message>
        <source>Cannot open the weights</source>
        <translation>无法打开权重文件</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX 模型 (*.onnx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Recent Models</source>
        <translation>最近打开的模型</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Clear Recent Models</source>
        <translation>清除最近打开的模型</translation>
    </message>
</context>
<context>
    <name>cs::gui::PageWiringView</name>
    <message>
        <source>input channels</source>
        <translation>输入通道</translation>
    </message>
    <message>
        <source>output channels</source>
        <translation>输出通道</translation>
    </message>
</context>
<context>
    <name>cs::gui::ParameterPanel</name>
    <message>
        <source>None</source>
        <translation>无（None）</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>输入大小</translation>
    </message>
    <message>
        <source>Input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Padding mode</source>
        <translation>填充模式</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>膨胀率</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>分组数</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Flip kernel</source>
        <translation>翻转卷积核</translation>
    </message>
    <message>
        <source>numbers</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>same</source>
        <translation>same（保持尺寸）</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valid（不填充）</translation>
    </message>
    <message>
        <source>true convolution (kernel rotated 180°)</source>
        <translation>真正的卷积（卷积核旋转 180°）</translation>
    </message>
    <message>
        <source>Off: cross-correlation, as deep-learning frameworks compute it. On: mathematical convolution, the kernel rotated by 180°.</source>
        <translation>关闭：互相关，即深度学习框架实际计算的运算。打开：数学意义上的卷积，卷积核旋转 180°。</translation>
    </message>
    <message>
        <source>add a bias per output channel</source>
        <translation>每个输出通道加一个偏置</translation>
    </message>
    <message>
        <source>Output size:</source>
        <translation>输出尺寸：</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>运算</translation>
    </message>
    <message>
        <source>Output padding</source>
        <translation>输出填充</translation>
    </message>
    <message>
        <source>Ceil mode</source>
        <translation>向上取整</translation>
    </message>
    <message>
        <source>Count padding</source>
        <translation>计入填充</translation>
    </message>
    <message>
        <source>Divisor override</source>
        <translation>指定除数</translation>
    </message>
    <message>
        <source>Norm p</source>
        <translation>范数 p</translation>
    </message>
    <message>
        <source>Negative slope</source>
        <translation>负半轴斜率</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视角</translation>
    </message>
    <message>
        <source>round the output size up</source>
        <translation>输出尺寸向上取整</translation>
    </message>
    <message>
        <source>padding cells count in the divisor</source>
        <translation>填充格计入除数</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>insert zeros, then convolve</source>
        <translation>插入零，再卷积</translation>
    </message>
    <message>
        <source>scatter: each input stamps the kernel</source>
        <translation>散布：每个输入盖印卷积核</translation>
    </message>
</context>
<context>
    <name>cs::gui::PlaybackBar</name>
    <message>
        <source>To start (Home)</source>
        <translation>回到开头 (Home)</translation>
    </message>
    <message>
        <source>Step back (←)</source>
        <translation>后退一步 (←)</translation>
    </message>
    <message>
        <source>Step forward (→)</source>
        <translation>前进一步 (→)</translation>
    </message>
    <message>
        <source>To end (End)</source>
        <translation>跳到结尾 (End)</translation>
    </message>
    <message>
        <source>Steps/s</source>
        <translation>步/秒</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>暂停 (空格)</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>播放 (空格)</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>No steps</source>
        <translation>没有步骤</translation>
    </message>
</context>
<context>
    <name>cs::gui::PlaygroundLayerEditor</name>
    <message>
        <source>None</source>
        <translation>无（None）</translation>
    </message>
    <message>
        <source>en</source>
        <comment>language code of the UI</comment>
        <translation>zh</translation>
    </message>
    <message>
        <source>out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>in</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Kernel shown</source>
        <translation>显示的卷积核</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Select a layer to edit it.</source>
        <translation>选择一层以编辑它。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer %1: %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 %1 层：%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>out_features</source>
        <translation>out_features（输出特征数）</translation>
    </message>
    <message>
        <source>out_channels</source>
        <translation>out_channels（输出通道数）</translation>
    </message>
    <message>
        <source>kernel height</source>
        <translation>卷积核高度</translation>
    </message>
    <message>
        <source>kernel width</source>
        <translation>卷积核宽度</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>stride（步幅）</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>padding（填充）</translation>
    </message>
    <message>
        <source>output_padding</source>
        <translation>output_padding（输出填充）</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>dilation（膨胀）</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>groups（分组）</translation>
    </message>
    <message>
        <source>padding_mode</source>
        <translation>padding_mode（填充方式）</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>random (PyTorch's default)</source>
        <translation>随机（PyTorch 默认初始化）</translation>
    </message>
    <message>
        <source>kernel presets</source>
        <translation>卷积核预设</translation>
    </message>
    <message>
        <source>stored values</source>
        <translation>保存的数值</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>kernel preset</source>
        <translation>卷积核预设</translation>
    </message>
    <message>
        <source>kernel_size</source>
        <translation>kernel_size（窗口大小）</translation>
    </message>
    <message>
        <source>norm_type</source>
        <translation>norm_type（范数 p）</translation>
    </message>
    <message>
        <source>ceil_mode</source>
        <translation>ceil_mode（向上取整）</translation>
    </message>
    <message>
        <source>count_include_pad</source>
        <translation>count_include_pad（计入填充）</translation>
    </message>
    <message>
        <source>negative_slope</source>
        <translation>negative_slope（负斜率）</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>mode（插值方式）</translation>
    </message>
    <message>
        <source>scale_factor</source>
        <translation>scale_factor（缩放倍数）</translation>
    </message>
    <message>
        <source>start_dim</source>
        <translation>start_dim（起始维度）</translation>
    </message>
    <message>
        <source>dim</source>
        <translation>dim（维度）</translation>
    </message>
    <message>
        <source>This layer has no parameters.</source>
        <translation>这一层没有参数。</translation>
    </message>
    <message>
        <source>“%1” is not allowed: a weight must be a finite number, not NaN or infinity.</source>
        <translation>不允许输入“%1”：权重必须是有限的数，不能是 NaN 或无穷大。</translation>
    </message>
    <message>
        <source>“%1” is not a number: type a weight such as 0.25 or -1.</source>
        <translation>“%1”不是数：请输入一个权重，例如 0.25 或 -1。</translation>
    </message>
<message><source>by its number, %1</source><translation>按编号引用：%1</translation></message><message><source>Name</source><translation>名称</translation></message><message><source>Other layers read this one by its name (or its number when it has none).</source><translation>其他层通过这个名称（没有名称时用编号）读取这一层。</translation></message><message><source>Which values this layer reads: the input photo or any layer above it. Reading a layer other than the one just above makes a branch.</source><translation>这一层读取哪些值：输入照片或它上面的任意一层。读取紧邻上一层以外的层就形成了分支。</translation></message><message><source>Joins</source><translation>拼接</translation></message><message><source>Reads</source><translation>读取</translation></message><message><source>Value %1</source><translation>输入 %1</translation></message><message><source>input (the photo)</source><translation>input（输入照片）</translation></message><message><source>the layer above</source><translation>上一层</translation></message>    <message>
        <source>left</source>
        <translation>左</translation>
    </message>
    <message>
        <source>right</source>
        <translation>右</translation>
    </message>
    <message>
        <source>top</source>
        <translation>上</translation>
    </message>
    <message>
        <source>bottom</source>
        <translation>下</translation>
    </message>
</context>
<context>
    <name>cs::gui::PlaygroundView</name>
    <message>
        <source>en</source>
        <comment>language code of the UI</comment>
        <translation>zh</translation>
    </message>
    <message>
        <source>Open Pipeline</source>
        <translation>打开流水线</translation>
    </message>
    <message>
        <source>ConvScope pipelines (*.json)</source>
        <translation>ConvScope 流水线 (*.json)</translation>
    </message>
    <message>
        <source>Save Pipeline</source>
        <translation>保存流水线</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Shipped pipelines…</source>
        <translation>内置流水线…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Use the main window's image</source>
        <translation>使用主窗口的图像</translation>
    </message>
    <message>
        <source>Maps of the selected layer</source>
        <translation>所选层的特征图</translation>
    </message>
    <message>
        <source>Maps of all layers</source>
        <translation>所有层的特征图</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Diverging (blue–white–red)</source>
        <translation>发散（蓝–白–红）</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis（紫–绿–黄）</translation>
    </message>
    <message>
        <source>Each map on its own scale</source>
        <translation>每张图单独归一化</translation>
    </message>
    <message>
        <source>One scale for the layer</source>
        <translation>整层统一归一化</translation>
    </message>
    <message>
        <source>Export Maps…</source>
        <translation>导出特征图…</translation>
    </message>
    <message>
        <source>Export Contact Sheet…</source>
        <translation>导出缩略图总览…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layers&lt;/b&gt; (hover a layer for its formulas)</source>
        <translation>&lt;b&gt;层&lt;/b&gt;（鼠标悬停查看公式）</translation>
    </message>
    <message>
        <source>Add Layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>resize to</source>
        <translation>缩放到</translation>
    </message>
    <message>
        <source>channels as the image</source>
        <translation>通道数与图像相同</translation>
    </message>
    <message>
        <source>gray (1 channel)</source>
        <translation>灰度（1 个通道）</translation>
    </message>
    <message>
        <source>RGB (3 channels)</source>
        <translation>RGB（3 个通道）</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Untitled pipeline</source>
        <translation>未命名流水线</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Input: %2 → %3 · %4 parameters</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;输入：%2 → %3 · %4 个参数</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;No image yet: open one, or open one in the main window.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;还没有图像：请打开一张，或在主窗口中打开。</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Preview at %1 · computing full resolution…</source>
        <translation>%1 的预览 · 正在计算全分辨率…</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 毫秒</translation>
    </message>
    <message>
        <source>Layer %1 → %2 · shape: %3 · parameters: %4</source>
        <translation>第 %1 层 → %2 · 形状：%3 · 参数：%4</translation>
    </message>
    <message>
        <source>Click a pixel of any feature map to outline its receptive field.</source>
        <translation>点击任意特征图中的像素，即可标出它的感受野。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Receptive field&lt;/b&gt; of layer %1, unit %2: the whole input (%3 × %4 pixels).</source>
        <translation>第 %1 层第 %2 个单元的&lt;b&gt;感受野&lt;/b&gt;：整个输入（%3 × %4 像素）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Receptive field&lt;/b&gt; of layer %1, pixel (%2, %3): %4 × %5 input pixels (%6), rows %7 to %8, columns %9 to %10; %11 × %12 of them inside the image.</source>
        <translation>第 %1 层像素 (%2, %3) 的&lt;b&gt;感受野&lt;/b&gt;：%4 × %5 个输入像素（%6），第 %7 至 %8 行、第 %9 至 %10 列；其中 %11 × %12 个位于图像内。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Select a layer first.</source>
        <translation>请先选择一层。</translation>
    </message>
    <message>
        <source>Export Contact Sheet</source>
        <translation>导出缩略图总览</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export Maps to Folder</source>
        <translation>将特征图导出到文件夹</translation>
    </message>
    <message>
        <source>Lessons for File ▸ Open Lesson (*.json)</source>
        <translation>课程，用“文件 ▸ 打开课程”打开 (*.json)</translation>
    </message>
<message><source>Along each path: %1.</source><translation>每条路径上：%1。</translation></message>    <message>
        <source>ONNX models for other tools (*.onnx)</source>
        <translation>供其他工具使用的 ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Exported %1 for %2×%3 inputs</source>
        <translation>已导出 %1（输入尺寸 %2×%3）</translation>
    </message>
</context>
<context>
    <name>cs::gui::PoolBackwardPage</name>
    <message>
        <source>This page shows max or average pooling.</source>
        <translation>本页展示最大池化或平均池化。</translation>
    </message>
    <message>
        <source>(%1, %2) receives %3 × %4 = %5</source>
        <translation>(%1, %2) 得到 %3 × %4 = %5</translation>
    </message>
    <message>
        <source>Max pooling sends the whole gradient to the cell that won the window.</source>
        <translation>最大池化把全部梯度传给窗口中取得最大值的格子。</translation>
    </message>
    <message>
        <source>Average pooling spreads the gradient evenly: each cell of the window gets gradient / divisor.</source>
        <translation>平均池化把梯度平均分配：窗口中每个格子得到 梯度 / 除数。</translation>
    </message>
    <message>
        <source>Gradient %1 of output (%2, %3): </source>
        <translation>输出 (%2, %3) 的梯度 %1：</translation>
    </message>
    <message>
        <source>input X</source>
        <translation>输入 X</translation>
    </message>
    <message>
        <source>pooled Y</source>
        <translation>池化结果 Y</translation>
    </message>
    <message>
        <source>upstream gradient ∂L/∂Y</source>
        <translation>上游梯度 ∂L/∂Y</translation>
    </message>
    <message>
        <source>∂L/∂X</source>
        <translation>∂L/∂X</translation>
    </message>
    <message>
        <source>X shifted one pixel right</source>
        <translation>X 向右平移一个像素</translation>
    </message>
    <message>
        <source>its pooled Y (framed: unchanged)</source>
        <translation>平移后的池化结果 Y（加框：未改变）</translation>
    </message>
    <message>
        <source>After a one-pixel shift, %1 of %2 pooled values stay the same: pooling makes the map a little insensitive to small translations.</source>
        <translation>平移一个像素后，%2 个池化值中有 %1 个保持不变：池化使特征图对小的平移不太敏感。</translation>
    </message>
</context>
<context>
    <name>cs::gui::TrainingCharts</name>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>训练精度</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试精度</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
</context>
<context>
    <name>cs::gui::TrainingPage</name>
    <message>
        <source>Training stopped: %1</source>
        <translation>训练已停止：%1</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>迭代周期：</translation>
    </message>
    <message>
        <source>Examples per epoch:</source>
        <translation>每个迭代周期的样本数：</translation>
    </message>
    <message>
        <source>all 60,000</source>
        <translation>全部 60,000</translation>
    </message>
    <message>
        <source>Train on the first examples only, for a quick run</source>
        <translation>只用前面的样本训练，以便快速运行</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start again from freshly initialised weights</source>
        <translation>从重新初始化的权重开始</translation>
    </message>
    <message>
        <source>Load Weights…</source>
        <translation>加载权重…</translation>
    </message>
    <message>
        <source>Save Weights…</source>
        <translation>保存权重…</translation>
    </message>
    <message>
        <source>Test picture #</source>
        <translation>测试图片 #</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Training on %1 examples per epoch…</source>
        <translation>每个迭代周期用 %1 个样本训练…</translation>
    </message>
    <message>
        <source>Load Weights</source>
        <translation>加载权重</translation>
    </message>
    <message>
        <source>ConvScope weights (*.csw)</source>
        <translation>ConvScope 权重 (*.csw)</translation>
    </message>
    <message>
        <source>Loaded %1: %2 epochs done; Start continues the run.</source>
        <translation>已加载 %1：已训练 %2 个迭代周期；点击“开始”继续训练。</translation>
    </message>
    <message>
        <source>Cannot load weights</source>
        <translation>无法加载权重</translation>
    </message>
    <message>
        <source>Save Weights</source>
        <translation>保存权重</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot save weights</source>
        <translation>无法保存权重</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>%1
%2 parameters in all; %3 epochs trained</source>
        <translation>%1
共 %2 个参数；已训练 %3 个迭代周期</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Paused after a batch; Resume continues, Cancel stops.</source>
        <translation>已在一个批量后暂停；“继续”恢复训练，“取消”停止。</translation>
    </message>
    <message>
        <source>Epoch %1 (%2 of %3) · batch %4/%5 · %6 examples/s · %7 left</source>
        <translation>迭代周期 %1（第 %2 个，共 %3 个）· 批量 %4/%5 · %6 样本/秒 · 剩余 %7</translation>
    </message>
    <message>
        <source>Loading Fashion-MNIST from %1…</source>
        <translation>正在从 %1 加载 Fashion-MNIST…</translation>
    </message>
    <message>
        <source>Training needs the Fashion-MNIST data set, which could not be loaded: %1
Install it (Debian/Ubuntu: sudo apt install dataset-fashion-mnist) and restart. Look inside still works with the shipped weights.</source>
        <translation>训练需要 Fashion-MNIST 数据集，但无法加载：%1
请安装它（Debian/Ubuntu：sudo apt install dataset-fashion-mnist）后重新启动。“查看内部”仍可使用自带权重。</translation>
    </message>
    <message>
        <source>Fashion-MNIST is loaded: 60,000 training and 10,000 test pictures.</source>
        <translation>Fashion-MNIST 已加载：60,000 张训练图片和 10,000 张测试图片。</translation>
    </message>
    <message>
        <source>First layer's kernels</source>
        <translation>第一层的卷积核</translation>
    </message>
    <message>
        <source>Test picture</source>
        <translation>测试图片</translation>
    </message>
    <message>
        <source>ONNX models for other tools (*.onnx)</source>
        <translation>供其他工具使用的 ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
</context>
<context>
    <name>cs::gui::TrainingTab</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Look Inside</source>
        <translation>查看内部</translation>
    </message>
    <message>
        <source>Learn a Kernel</source>
        <translation>学习卷积核</translation>
    </message>
</context>
<context>
    <name>cs::gui::TransposeComparePage</name>
    <message>
        <source>This page needs a 3×3 input and a 3×3 kernel: %1</source>
        <translation>本页需要 3×3 的输入和 3×3 的卷积核：%1</translation>
    </message>
    <message>
        <source>Two input sizes, one output size</source>
        <translation>两种输入尺寸，同一个输出尺寸</translation>
    </message>
    <message>
        <source>Back up: output_padding picks 5×5 or 6×6</source>
        <translation>反向：output_padding 决定是 5×5 还是 6×6</translation>
    </message>
    <message>
        <source>Upsampling the same 3×3, for comparison</source>
        <translation>对比：同一个 3×3 的上采样</translation>
    </message>
</context>
<context>
    <name>cs::gui::UndoAction</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
</context>
<context>
    <name>cs::core::ModelController</name>
    <message>
        <source>Cannot open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>%1 cannot be opened as an ONNX model.

%2</source>
        <translation>无法将 %1 作为 ONNX 模型打开。

%2</translation>
    </message>
    <message>
        <source>the photo after preprocessing is %1, but the model reads %2</source>
        <translation>预处理后的照片是 %1，而模型的输入是 %2</translation>
    </message>
</context>
<context>
    <name>cs::core::ModelNodes</name>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <source>%1 multiply-adds</source>
        <translation>%1 次乘加</translation>
    </message>
    <message>
        <source>Output %1</source>
        <translation>输出 %1</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>参数：%1</translation>
    </message>
    <message>
        <source>Multiply-adds: %1</source>
        <translation>乘加次数：%1</translation>
    </message>
</context>
<context>
    <name>cs::gui::ModelPage</name>
    <message>
        <source>%1 nodes of the file could not be imported (listed on the left); the rest of the graph opened.</source>
        <translation>文件中有 %1 个节点无法导入（列在左侧）；图的其余部分已打开。</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX 模型 (*.onnx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;All files (*)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm *.pbm *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Open Model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Preprocessing…</source>
        <translation>预处理…</translation>
    </message>
    <message>
        <source>Photo…</source>
        <translation>照片…</translation>
    </message>
    <message>
        <source>Use the lesson's photo</source>
        <translation>使用课程中的照片</translation>
    </message>
    <message>
        <source>Run the model on the photo open on the Lessons tab</source>
        <translation>在“课程”页打开的照片上运行模型</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis（紫–绿–黄）</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Diverging (blue–white–red)</source>
        <translation>发散（蓝–白–红）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Nodes (click one to see its feature maps)</source>
        <translation>节点（点击一个查看它的特征图）</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>计算图</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>The whole graph in view (Ctrl+wheel zooms)</source>
        <translation>显示整个图（Ctrl+滚轮缩放）</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Expand All</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Open every block (a frame&apos;s − button closes one)</source>
        <translation>展开所有模块（框上的 − 按钮折叠一个）</translation>
    </message>
    <message>
        <source>Collapse All</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <source>Each block as one box with its totals (its + button opens it)</source>
        <translation>每个模块折叠为一个显示合计的方框（其 + 按钮将其展开）</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Cannot open the image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <source>Open a model first (File › Open Model…).</source>
        <translation>请先打开一个模型（文件 › 打开模型…）。</translation>
    </message>
    <message>
        <source>Open a model exported to ONNX (File › Open Model…, or drop a .onnx file onto the window) to see its graph, every node's feature maps on a photo, and its top classes.</source>
        <translation>打开一个导出为 ONNX 的模型（文件 › 打开模型…，或把 .onnx 文件拖到窗口上），即可查看它的图、每个节点在照片上的特征图以及最可能的类别。</translation>
    </message>
    <message>
        <source>%1 · made by %2 · opset %3 · input %4 · %5 nodes · %6 parameters · %7 multiply-adds per image</source>
        <translation>%1 · 由 %2 生成 · opset %3 · 输入 %4 · %5 个节点 · %6 个参数 · 每张图像 %7 次乘加</translation>
    </message>
    <message>
        <source>an unknown tool</source>
        <translation>未知工具</translation>
    </message>
    <message>
        <source>Not imported (%1):</source>
        <translation>未导入（%1）：</translation>
    </message>
    <message>
        <source>The photo cannot be prepared for this model (Preprocessing… changes how): %1</source>
        <translation>无法为该模型准备这张照片（可在“预处理…”中修改方式）：%1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>%1 (%2) → %3</source>
        <translation>%1（%2）→ %3</translation>
    </message>
    <message>
        <source>Input after preprocessing: %1</source>
        <translation>预处理后的输入：%1</translation>
    </message>
    <message>
        <source>%1: %2 maps</source>
        <translation>%1：%2 张特征图</translation>
    </message>
    <message>
        <source>Top classes</source>
        <translation>最可能的类别</translation>
    </message>
    <message>
        <source>The model's output is not a list of class scores.</source>
        <translation>模型的输出不是类别得分列表。</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Top classes (no labels file beside the model: class numbers)</source>
        <translation>最可能的类别（模型旁没有标签文件：显示类别编号）</translation>
    </message>
    <message>
        <source>Output channel</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <source>input channel</source>
        <translation>输入通道</translation>
    </message>
    <message>
        <source>Step Through This Kernel</source>
        <translation>逐步演示这个卷积核</translation>
    </message>
    <message>
        <source>Opens the convolution lesson with this layer's real kernel, bias, stride and padding, on its real input</source>
        <translation>用该层真实的卷积核、偏置、步幅和填充，在它真实的输入上打开卷积课程</translation>
    </message>
    <message>
        <source>Cannot make the lesson</source>
        <translation>无法生成课程</translation>
    </message>
    <message>
        <source>Click a map to enlarge it.</source>
        <translation>点击一张特征图即可放大。</translation>
    </message>
    <message>
        <source>%1 · channel %2 · %3 × %4</source>
        <translation>%1 · 通道 %2 · %3 × %4</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>cs::gui::PreprocessDialog</name>
    <message>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <source>The model expects an input of %1 (channels × height × width). The photo is resized, cropped and normalised as below, as torchvision's transforms do before a pretrained network.</source>
        <translation>模型需要 %1 的输入（通道 × 高 × 宽）。照片按下列设置缩放、裁剪和归一化，与 torchvision 的 transforms 在预训练网络之前所做的一样。</translation>
    </message>
    <message>
        <source>keep the size</source>
        <translation>保持原尺寸</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Resize the shorter side to</source>
        <translation>短边缩放到</translation>
    </message>
    <message>
        <source>no crop</source>
        <translation>不裁剪</translation>
    </message>
    <message>
        <source>Centre crop (height × width)</source>
        <translation>中心裁剪（高 × 宽）</translation>
    </message>
    <message>
        <source>values in [0, 1]</source>
        <translation>取值 [0, 1]</translation>
    </message>
    <message>
        <source>values in [0, 255]</source>
        <translation>取值 [0, 255]</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>数值范围</translation>
    </message>
    <message>
        <source>Mean (per channel)</source>
        <translation>均值（每通道）</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>BGR (models trained with OpenCV)</source>
        <translation>BGR（用 OpenCV 训练的模型）</translation>
    </message>
    <message>
        <source>Channel order</source>
        <translation>通道顺序</translation>
    </message>
    <message>
        <source>3 (colour)</source>
        <translation>3（彩色）</translation>
    </message>
    <message>
        <source>1 (gray)</source>
        <translation>1（灰度）</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>ImageNet</source>
        <translation>ImageNet</translation>
    </message>
    <message>
        <source>torchvision's ImageNet normalisation: mean 0.485, 0.456, 0.406; standard deviation 0.229, 0.224, 0.225</source>
        <translation>torchvision 的 ImageNet 归一化：均值 0.485、0.456、0.406；标准差 0.229、0.224、0.225</translation>
    </message>
    <message>
        <source>Defaults for this model</source>
        <translation>该模型的默认设置</translation>
    </message>
</context>
<context>
    <name>MapRange</name>
    <message>
        <source>%1 (99th pct of |x|)</source>
        <translation>%1（截至 |x| 的第 99 百分位）</translation>
    </message>
    <message>
        <source>%1 (max |x|)</source>
        <translation>%1（|x| 的最大值）</translation>
    </message>
    <message>
        <source>%1 (1st–99th pct)</source>
        <translation>%1（第 1–99 百分位）</translation>
    </message>
    <message>
        <source>%1 (min–max)</source>
        <translation>%1（最小值–最大值）</translation>
    </message>
</context>
<context>
    <name>cs::gui::MapRangeControls</name>
    <message>
        <source>Robust colours (99th percentile)</source>
        <translation>稳健配色（第 99 百分位）</translation>
    </message>
    <message>
        <source>Full range (every value)</source>
        <translation>完整范围（所有值）</translation>
    </message>
    <message>
        <source>Robust: the few most extreme values saturate instead of washing out the rest of the map. Full: the colours span every value.</source>
        <translation>稳健：少数最极端的值颜色饱和，不会让图的其余部分褪成一片白。完整：颜色覆盖所有值。</translation>
    </message>
    <message>
        <source>Each map on its own scale</source>
        <translation>每张图单独归一化</translation>
    </message>
    <message>
        <source>One scale for the layer</source>
        <translation>整层统一归一化</translation>
    </message>
</context>
<context>
    <name>cs::gui::InspectMapsView</name>
    <message>
        <source>each map on its own scale: %1</source>
        <translation>每张图单独归一化：%1</translation>
    </message>
    <message>
        <source>each map on its own scale (under it)</source>
        <translation>每张图单独归一化（范围见图下方）</translation>
    </message>
</context>
<context>
    <name>cs::gui::GraphView</name>
    <message>
        <source>%1 params</source>
        <translation>参数 %1</translation>
    </message>
    <message>
        <source>%1 MACs</source>
        <translation>乘加 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n nodes</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to collapse</source>
        <translation>点击折叠</translation>
    </message>
    <message>
        <source>Double-click to expand</source>
        <translation>双击展开</translation>
    </message>
    <message>
        <source>Parameters: %1</source>
        <translation>参数：%1</translation>
    </message>
    <message>
        <source>Multiply-adds: %1</source>
        <translation>乘加次数：%1</translation>
    </message>
    <message>
        <source>Output %1</source>
        <translation>输出 %1</translation>
    </message>
    <message>
        <source>The model&apos;s input: %1</source>
        <translation>模型的输入：%1</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>cs::core::EngineMessage</name>
    <message>
        <source>{op}: {param} must be at least 1 in both directions, got {got}</source>
        <translation>{op}：{param}在两个方向上都必须至少为 1，当前为 {got}</translation>
    </message>
    <message>
        <source>{op}: {param} must be at least 1, got {got}</source>
        <translation>{op}：{param}必须至少为 1，当前为 {got}</translation>
    </message>
    <message>
        <source>{op}: {param} cannot be negative, got {got}</source>
        <translation>{op}：{param}不能为负数，当前为 {got}</translation>
    </message>
    <message>
        <source>{op}: groups={groups} must divide the number of output channels (weight dimension 0 is {out_channels}): every group needs the same number of filters; weight {weight}</source>
        <translation>{op}：groups={groups} 必须整除输出通道数（权重第 0 维为 {out_channels}）：每组需要同样多的卷积核；权重 {weight}</translation>
    </message>
    <message>
        <source>{op}: the input has {in_channels} channels but the weight expects groups × in channels per group = {groups} × {per_group} = {expected}; input {input}, weight {weight}</source>
        <translation>{op}：输入有 {in_channels} 个通道，但权重需要 groups × 每组输入通道数 = {groups} × {per_group} = {expected}；输入 {input}，权重 {weight}</translation>
    </message>
    <message>
        <source>{op}: the input has {in_channels} channels but the weight expects groups × in channels per group = {groups} × {per_group} = {expected} (groups={groups} does not divide the {in_channels} input channels); input {input}, weight {weight}</source>
        <translation>{op}：输入有 {in_channels} 个通道，但权重需要 groups × 每组输入通道数 = {groups} × {per_group} = {expected}（groups={groups} 不能整除 {in_channels} 个输入通道）；输入 {input}，权重 {weight}</translation>
    </message>
    <message>
        <source>{op}: padding=&quot;same&quot; needs stride 1 in both directions (with a larger step the output cannot keep the input size), got stride {stride}</source>
        <translation>{op}：padding=&quot;same&quot; 要求两个方向的步幅都为 1（步幅更大时，输出无法保持输入的尺寸），当前步幅为 {stride}</translation>
    </message>
    <message>
        <source>{op}: padding=&quot;same&quot; needs stride 1 (with a larger step the output cannot keep the input length), got stride {stride}</source>
        <translation>{op}：padding=&quot;same&quot; 要求步幅为 1（步幅更大时，输出无法保持输入的长度），当前步幅为 {stride}</translation>
    </message>
    <message>
        <source>{op}: the kernel ({kernel}, spanning {span} with dilation {dilation}) is larger than the padded input ({padded} = input {input} plus padding); the kernel must fit inside it</source>
        <translation>{op}：卷积核（{kernel}，膨胀 {dilation} 时覆盖 {span}）大于填充后的输入（{padded} = 输入 {input} 加上填充）；卷积核必须能放进填充后的输入</translation>
    </message>
    <message>
        <source>{op}: output_padding must be smaller than the stride or the dilation in each direction (it only picks which of the output sizes that map to the same input size is meant), got output_padding {output_padding}, stride {stride}, dilation {dilation}</source>
        <translation>{op}：output_padding 在每个方向上都必须小于步幅或膨胀（它只用来从对应同一输入尺寸的几个输出尺寸中选出一个），当前 output_padding 为 {output_padding}，步幅 {stride}，膨胀 {dilation}</translation>
    </message>
    <message>
        <source>{op}: the input has {in_channels} channels but the weight (dimension 0) is for {weight_in} input channels; input {input}, weight {weight}</source>
        <translation>{op}：输入有 {in_channels} 个通道，但权重（第 0 维）对应 {weight_in} 个输入通道；输入 {input}，权重 {weight}</translation>
    </message>
    <message>
        <source>{op}: groups={groups} must divide the number of input channels ({in_channels}); weight {weight}</source>
        <translation>{op}：groups={groups} 必须整除输入通道数（{in_channels}）；权重 {weight}</translation>
    </message>
    <message>
        <source>{op}: the output size must be positive, but height {height} and width {width} (the padding cuts away more than the full output)</source>
        <translation>{op}：输出尺寸必须为正，但高度 {height}，宽度 {width}（填充裁掉的比整个输出还多）</translation>
    </message>
    <message>
        <source>{op}: padding {padding} must be at most half of kernel_size {kernel}, i.e. {most} at most, so that every window covers part of the input</source>
        <translation>{op}：填充 {padding} 最多为 kernel_size {kernel} 的一半，即最多 {most}，这样每个窗口都至少覆盖一部分输入</translation>
    </message>
    <message>
        <source>{op}: the output would be {output} for input {input} — kernel_size {kernel} with dilation {dilation} does not fit in the padded input. Height: {height}; width: {width}</source>
        <translation>{op}：输入 {input} 的输出将是 {output}——kernel_size {kernel}（膨胀 {dilation}）放不进填充后的输入。高度：{height}；宽度：{width}</translation>
    </message>
    <message>
        <source>{op}: padding_mode &quot;reflect&quot; needs each padding smaller than the input size it mirrors (the edge element is not repeated, so there must be an element beyond it); got {dim} {size}, padding {before} before and {after} after</source>
        <translation>{op}：padding_mode &quot;reflect&quot; 要求每侧的填充都小于它所镜像的输入尺寸（边缘元素不重复，所以边缘之外必须还有元素）；当前{dim} {size}，前侧填充 {before}，后侧填充 {after}</translation>
    </message>
    <message>
        <source>{op}: padding_mode &quot;circular&quot; needs each padding at most the input size (the map may wrap around only once); got {dim} {size}, padding {before} before and {after} after</source>
        <translation>{op}：padding_mode &quot;circular&quot; 要求每侧的填充最多等于输入尺寸（特征图只能绕回一次）；当前{dim} {size}，前侧填充 {before}，后侧填充 {after}</translation>
    </message>
    <message>
        <source>avg_pool2d: divisor_override must not be 0 (leave it out to divide by the window size)</source>
        <translation>avg_pool2d：divisor_override 不能为 0（不设置它，就按窗口大小相除）</translation>
    </message>
    <message>
        <source>lp_pool2d: norm_type must be a finite number, got {got}</source>
        <translation>lp_pool2d：norm_type 必须是有限的数，当前为 {got}</translation>
    </message>
    <message>
        <source>lp_pool2d: norm_type must not be 0 — the result is (Σ x^p)^(1/p), and 1/0 has no value</source>
        <translation>lp_pool2d：norm_type 不能为 0——结果是 (Σ x^p)^(1/p)，而 1/0 没有值</translation>
    </message>
    <message>
        <source>groups={groups} must divide both the input channels ({in_channels}) and the output channels ({out_channels})</source>
        <translation>groups={groups} 必须同时整除输入通道数（{in_channels}）和输出通道数（{out_channels}）</translation>
    </message>
    <message>
        <source>{op}: the animation would draw {millions} million cells (the padded input and the output, {shape}); a lesson draws at most 4 million: use a smaller padding, stride or input</source>
        <translation>{op}：动画将绘制 {millions} 百万个单元格（填充后的输入和输出，{shape}）；一节课最多绘制 4 百万个：请减小填充、步幅或输入</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>layer %1 (%2): %3</source>
        <translation>第 %1 层（%2）：%3</translation>
    </message>
    <message>
        <source>clamping to %1</source>
        <translation>限制到 %1</translation>
    </message>
    <message>
        <source>; running statistics</source>
        <translation>；使用运行统计量</translation>
    </message>
    <message>
        <source>; statistics of this batch, over N·H·W = %1 values per channel</source>
        <translation>；使用本批次的统计量，每个通道 N·H·W = %1 个值</translation>
    </message>
    <message>
        <source>; each value is divided by %1 over %2 neighbouring channels</source>
        <translation>；每个值除以相邻 %2 个通道上的 %1</translation>
    </message>
    <message>
        <source>%1 keeps the shape: %2%3</source>
        <translation>%1 保持形状不变：%2%3</translation>
    </message>
</context>
<context>
    <name>cs::core::TorchCode</name>
    <message>
        <source>the region of the image shown on screen, as a [N, C, H, W] tensor in [0, 1]</source>
        <translation>屏幕上显示的图像区域，形状为 [N, C, H, W] 的张量，取值在 [0, 1] 之间</translation>
    </message>
</context>
</TS>