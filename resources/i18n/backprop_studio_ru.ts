<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Создать</translation>
    </message>
    <message>
        <source>Start a new program</source>
        <translation>Начать новую программу</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation>Открыть документ</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>Сохранить документ</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Сохранить &amp;как…</translation>
    </message>
    <message>
        <source>Save the document under a new name</source>
        <translation>Сохранить документ под другим именем</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>Закрыть окно</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation>Отменить последнее изменение</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Redo the edit just undone</source>
        <translation>Вернуть только что отменённое изменение</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Увеличить</translation>
    </message>
    <message>
        <source>Enlarge the graph</source>
        <translation>Увеличить граф</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>У&amp;меньшить</translation>
    </message>
    <message>
        <source>Shrink the graph</source>
        <translation>Уменьшить граф</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>По размеру &amp;окна</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>Показать граф целиком</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Исходный размер</translation>
    </message>
    <message>
        <source>Zoom to 100 %</source>
        <translation>Масштаб 100 %</translation>
    </message>
    <message>
        <source>Show &amp;Neurons</source>
        <translation>Показать &amp;нейроны</translation>
    </message>
    <message>
        <source>Expand the network&apos;s layers into their neurons (same weights)</source>
        <translation>Развернуть слои сети в отдельные нейроны (веса те же)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Воспроизвести</translation>
    </message>
    <message>
        <source>Play or pause the steps</source>
        <translation>Запустить или приостановить показ шагов</translation>
    </message>
    <message>
        <source>Step &amp;Back</source>
        <translation>Шаг &amp;назад</translation>
    </message>
    <message>
        <source>Undo one step</source>
        <translation>Вернуться на шаг назад</translation>
    </message>
    <message>
        <source>Step &amp;Forward</source>
        <translation>Шаг &amp;вперёд</translation>
    </message>
    <message>
        <source>Do the next step</source>
        <translation>Сделать следующий шаг</translation>
    </message>
    <message>
        <source>To &amp;Start</source>
        <translation>В &amp;начало</translation>
    </message>
    <message>
        <source>Back to the leaves</source>
        <translation>Вернуться к листьям графа</translation>
    </message>
    <message>
        <source>To &amp;End</source>
        <translation>В &amp;конец</translation>
    </message>
    <message>
        <source>Show the finished run</source>
        <translation>Показать результат всех шагов</translation>
    </message>
    <message>
        <source>Start of &amp;Backward Pass</source>
        <translation>Начало &amp;обратного прохода</translation>
    </message>
    <message>
        <source>Jump to the moment the backward pass begins</source>
        <translation>Перейти к началу обратного прохода</translation>
    </message>
    <message>
        <source>⇤ Backward pass</source>
        <translation>⇤ Обратный проход</translation>
    </message>
    <message>
        <source>&amp;About Backprop Studio</source>
        <translation>&amp;О программе Backprop Studio</translation>
    </message>
    <message>
        <source>What this program shows</source>
        <translation>Что показывает эта программа</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>&amp;Predict Before You See</source>
        <translation>&amp;Предсказать, потом увидеть</translation>
    </message>
    <message>
        <source>Stop before each number and type your prediction; the run keeps a score</source>
        <translation>Останавливаться перед каждым новым числом, чтобы вы ввели свой ответ; верные ответы засчитываются</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Предсказывать</translation>
    </message>
    <message>
        <source>&amp;Quiz…</source>
        <translation>&amp;Тест…</translation>
    </message>
    <message>
        <source>The lecture&apos;s gradient-descent question, then questions about this graph</source>
        <translation>Вопрос из лекции о градиентном спуске, затем вопросы об этом графе</translation>
    </message>
    <message>
        <source>&amp;Gradient Check…</source>
        <translation>&amp;Проверка градиентов…</translation>
    </message>
    <message>
        <source>Backprop&apos;s gradient of every leaf next to a finite-difference estimate</source>
        <translation>Градиент каждого листа по backprop рядом с оценкой по конечным разностям</translation>
    </message>
    <message>
        <source>&amp;Naive Versus Backprop…</source>
        <translation>&amp;Все пути или backprop…</translation>
    </message>
    <message>
        <source>What expanding every path costs against backprop, as layers are added</source>
        <translation>Сколько стоит расписать все пути по сравнению с backprop и как это растёт с числом слоёв</translation>
    </message>
    <message>
        <source>&amp;Batch Accumulation…</source>
        <translation>&amp;Накопление по батчу…</translation>
    </message>
    <message>
        <source>Each sample&apos;s gradient, their mean, then the gradient-descent update</source>
        <translation>Градиент на каждом объекте, их среднее, затем шаг градиентного спуска</translation>
    </message>
    <message>
        <source>Training &amp;Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the graph on data and watch gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train / Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training, or pause it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One &amp;Update, Step by Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the next update and play it: forward, backward, w ← w − η·∂Q/∂w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One &amp;Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train one epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to epoch 0 with the document&apos;s weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fully connected network for the 2-D data sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Activation Explorer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot any activation f and its derivative f′</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export View as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the graph as shown, as a picture at a chosen size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export View as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the graph as shown, as a scalable drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Slides as P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A 16:9 deck: a title page, then the graph and explanation of every step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Slides as PNG &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same deck as numbered pictures, for any slide tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen for a projector: big text, only the graph and the explanation; PageDown/→/Space/click step, PageUp/← back, Esc leaves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Present</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivationExplorer</name>
    <message>
        <source>activation f</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>f′(z) = 0 at every z: every gradient that passes through this activation is multiplied by 0, so no weight before it ever changes. Gradient descent cannot train a network of step units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>largest |f′| on the plot: {value} at z = {z}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <source>Batch Accumulation</source>
        <translation>Накопление градиента по батчу</translation>
    </message>
    <message>
        <source>Step size &amp;η:</source>
        <translation>Размер &amp;шага η:</translation>
    </message>
    <message>
        <source>No graph.</source>
        <translation>Графа нет.</translation>
    </message>
    <message>
        <source>sample %1</source>
        <translation>объект %1</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>среднее</translation>
    </message>
    <message>
        <source>∂Q/∂w on the batch</source>
        <translation>∂Q/∂w по батчу</translation>
    </message>
    <message>
        <source>The data on screen is a single sample, so its gradient is the whole story. Open an example with several samples (XOR, paired regression, the Lego networks) to see a batch add up.</source>
        <translation>На экране данные из одного объекта, так что его градиент — это и есть весь градиент. Откройте пример с несколькими объектами (XOR, парная регрессия, сети-«лего»), чтобы увидеть, как складывается батч.</translation>
    </message>
    <message numerus="yes">
        <source>%n samples. Each column on the left is one sample&apos;s gradient ∂Lᵢ/∂w (the engine run on that sample alone); </source>
        <translation>
            <numerusform>%n объект. Каждый столбец слева — градиент ∂Lᵢ/∂w на одном объекте (вычисленный только на нём); </numerusform>
            <numerusform>%n объекта. Каждый столбец слева — градиент ∂Lᵢ/∂w на одном объекте (вычисленный только на нём); </numerusform>
            <numerusform>%n объектов. Каждый столбец слева — градиент ∂Lᵢ/∂w на одном объекте (вычисленный только на нём); </numerusform>
        </translation>
    </message>
    <message>
        <source>their mean is the batch gradient ∂Q/∂w, because Q is the mean of the samples&apos; losses; gradient descent then steps w − η·∂Q/∂w.</source>
        <translation>их среднее и есть градиент по батчу ∂Q/∂w, потому что Q — среднее потерь на объектах; затем градиентный спуск делает шаг w − η·∂Q/∂w.</translation>
    </message>
    <message>
        <source>here Q adds the samples&apos; losses, so the batch gradient is their sum, not their mean; gradient descent then steps w − η·∂Q/∂w.</source>
        <translation>здесь Q — сумма потерь на объектах, поэтому градиент по батчу равен сумме градиентов, а не их среднему; затем градиентный спуск делает шаг w − η·∂Q/∂w.</translation>
    </message>
    <message>
        <source>here Q does not split into one loss per sample, so the batch gradient is not their mean; gradient descent still steps w − η·∂Q/∂w.</source>
        <translation>здесь Q не раскладывается на потери отдельных объектов, поэтому градиент по батчу не равен их среднему; градиентный спуск всё равно делает шаг w − η·∂Q/∂w.</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n parameters are listed.</source>
        <translation>
            <numerusform>Показан только первый %n параметр.</numerusform>
            <numerusform>Показаны только первые %n параметра.</numerusform>
            <numerusform>Показаны только первые %n параметров.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CostView</name>
    <message>
        <source>Naive Versus Backprop</source>
        <translation>Все пути или backprop</translation>
    </message>
    <message>
        <source>&amp;Neurons per hidden layer:</source>
        <translation>&amp;Нейронов в скрытом слое:</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>Скрытых слоёв</translation>
    </message>
    <message>
        <source>Paths</source>
        <translation>Путей</translation>
    </message>
    <message>
        <source>Expanding every path</source>
        <translation>Расписать все пути</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>Backprop</translation>
    </message>
    <message>
        <source>Expanding every path multiplies the local derivatives along each path from each leaf to the output, again and again for the same edges. Backprop multiplies once per edge (upstream × local) and reuses every partial derivative it has computed.</source>
        <translation>Если расписать все пути, локальные производные перемножаются вдоль каждого пути от каждого листа к выходу — снова и снова для одних и тех же рёбер. Backprop умножает по одному разу на ребро (градиент сверху × локальная производная) и переиспользует каждую уже вычисленную частную производную.</translation>
    </message>
    <message>
        <source>No graph.</source>
        <translation>Графа нет.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The graph on screen.&lt;/b&gt; Writing out the chain rule for every leaf: %1 paths, &lt;b&gt;%2&lt;/b&gt; multiplications. Backprop: &lt;b&gt;%3&lt;/b&gt; multiplications, one per edge.</source>
        <translation>&lt;b&gt;Граф на экране.&lt;/b&gt; Если расписать цепное правило для каждого листа: путей — %1, умножений — &lt;b&gt;%2&lt;/b&gt;. Backprop: умножений — &lt;b&gt;%3&lt;/b&gt;, по одному на ребро.</translation>
    </message>
    <message>
        <source>Multiplications for every leaf&apos;s gradient</source>
        <translation>Умножений, чтобы найти градиенты всех листьев</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>скрытых слоёв</translation>
    </message>
    <message>
        <source>multiplications (log scale)</source>
        <translation>умножений (логарифмическая шкала)</translation>
    </message>
    <message>
        <source>expanding every path</source>
        <translation>расписать все пути</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>backprop</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Explanation</source>
        <translation>Объяснение</translation>
    </message>
    <message>
        <source>Program editor</source>
        <translation>Редактор программы</translation>
    </message>
    <message>
        <source>Node inspector</source>
        <translation>Сведения об узле</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Предсказание</translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training plots</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>untitled</source>
        <translation>без имени</translation>
    </message>
    <message>
        <source>Edit program</source>
        <translation>правка программы</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>значение %1</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>перемещение %1</translation>
    </message>
    <message>
        <source>Show neurons</source>
        <translation>показ нейронов</translation>
    </message>
    <message>
        <source>Show layers</source>
        <translation>показ слоёв</translation>
    </message>
    <message numerus="yes">
        <source>%n leaves</source>
        <translation>
            <numerusform>%n лист</numerusform>
            <numerusform>%n листа</numerusform>
            <numerusform>%n листьев</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operations</source>
        <translation>
            <numerusform>%n операция</numerusform>
            <numerusform>%n операции</numerusform>
            <numerusform>%n операций</numerusform>
        </translation>
    </message>
    <message>
        <source>output %1</source>
        <translation>выход %1</translation>
    </message>
    <message numerus="yes">
        <source>%n steps</source>
        <translation>
            <numerusform>%n шаг</numerusform>
            <numerusform>%n шага</numerusform>
            <numerusform>%n шагов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>No graph</source>
        <translation>Графа нет</translation>
    </message>
    <message>
        <source>Type a program in the editor or open an example.</source>
        <translation>Наберите программу в редакторе или откройте пример.</translation>
    </message>
</context>
<context>
    <name>GradCheckView</name>
    <message>
        <source>Gradient Check</source>
        <translation>Проверка градиентов</translation>
    </message>
    <message>
        <source>Each leaf is nudged by ±h and the objective computed again: (L(x+h) − L(x−h)) / 2h estimates ∂L/∂x without backprop. Relative difference = |backprop − estimate| / max(|backprop|, |estimate|).</source>
        <translation>Каждый лист сдвигается на ±h, и целевая функция вычисляется заново: (L(x+h) − L(x−h)) / 2h оценивает ∂L/∂x без backprop. Относительная разница = |backprop − оценка| / max(|backprop|, |оценка|).</translation>
    </message>
    <message>
        <source>Leaf</source>
        <translation>Лист</translation>
    </message>
    <message>
        <source>Backprop ∂%1/∂x</source>
        <translation>Backprop: ∂%1/∂x</translation>
    </message>
    <message>
        <source>Finite difference</source>
        <translation>Конечная разность</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Разница</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>Относительная</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>Совпадает</translation>
    </message>
    <message>
        <source>No graph.</source>
        <translation>Графа нет.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>This graph has no leaves to check.</source>
        <translation>В этом графе нет листьев для проверки.</translation>
    </message>
    <message numerus="yes">
        <source>Every gradient agrees with its finite-difference estimate (%n check(s))</source>
        <translation>
            <numerusform>Все градиенты совпадают с оценкой по конечным разностям (%n проверка)</numerusform>
            <numerusform>Все градиенты совпадают с оценкой по конечным разностям (%n проверки)</numerusform>
            <numerusform>Все градиенты совпадают с оценкой по конечным разностям (%n проверок)</numerusform>
        </translation>
    </message>
    <message>
        <source>(h = %1).</source>
        <translation>(h = %1).</translation>
    </message>
    <message numerus="yes">
        <source>%n gradient(s) disagree with the finite-difference estimate</source>
        <translation>
            <numerusform>%n градиент не совпадает с оценкой по конечным разностям</numerusform>
            <numerusform>%n градиента не совпадают с оценкой по конечным разностям</numerusform>
            <numerusform>%n градиентов не совпадают с оценкой по конечным разностям</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorText</name>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>градиент</translation>
    </message>
    <message>
        <source>none: the output does not depend on it</source>
        <translation>нет: выход от него не зависит</translation>
    </message>
    <message>
        <source>Local derivatives</source>
        <translation>Локальные производные</translation>
    </message>
    <message numerus="yes">
        <source>Chain rule over %n path(s)</source>
        <translation>
            <numerusform>Цепное правило: %n путь</numerusform>
            <numerusform>Цепное правило: %n пути</numerusform>
            <numerusform>Цепное правило: %n путей</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is the sum, over every path from %2 to the output, of the product of the local derivatives along it:</source>
        <translation>%1 — это сумма по всем путям из %2 к выходу произведений локальных производных вдоль пути:</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n paths are listed.</source>
        <translation>
            <numerusform>Показан только первый %n путь.</numerusform>
            <numerusform>Показаны только первые %n пути.</numerusform>
            <numerusform>Показаны только первые %n путей.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cost.&lt;/b&gt; Expanding every path: %1 multiplications. Backprop: %2 (one upstream × local per edge, each partial derivative computed once and reused).</source>
        <translation>&lt;b&gt;Стоимость.&lt;/b&gt; Если расписать все пути, умножений — %1. Backprop: %2 (одно умножение «градиент сверху × локальная производная» на ребро; каждая частная производная вычисляется один раз и переиспользуется).</translation>
    </message>
</context>
<context>
    <name>Lab</name>
    <message>
        <source>&amp;Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the plots shown as PNG or SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still training on: {data}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training on {data}: {n} samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {k} held out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns {names} feed the inputs of the same names. The graph shows the document&apos;s own sample(s) with the current weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings apply from the next epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Using the document&apos;s own values instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document changed: training starts again from its values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training… the graph shows the current weights (edge width and colour) on the document&apos;s sample(s). Pause at any moment; One update shows the next step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step through it with → (Space plays): the forward pass, the backward pass, then w ← w − η·∂Q/∂w for each parameter at the end (End jumps there).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to epoch 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep weights of epoch {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document now holds the weights of epoch {n} (Undo takes them back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused at epoch {n}. Train goes on exactly from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   ({rate} epochs/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q train {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   held out {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy {value} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   held out {value} %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Show the interface and the explanations in this language</source>
        <translation>Показывать интерфейс и объяснения на этом языке</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Backprop Studio documents (*.json *.bps);;All files (*)</source>
        <translation>Документы Backprop Studio (*.json *.bps);;Все файлы (*)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Backprop Studio&lt;/h3&gt;
&lt;p&gt;Watch a neural network compute. Any formula or network becomes a graph of operations; the
forward pass computes every node&apos;s value, and the backward pass sends the gradient back along
every edge: &lt;b&gt;upstream gradient × local derivative = contribution&lt;/b&gt;, summed where paths
meet.&lt;/p&gt;
&lt;p&gt;It accompanies lecture 10, &lt;i&gt;Neural network basics&lt;/i&gt;: the neuron a(x) = Σ w&lt;sub&gt;j&lt;/sub&gt;
x&lt;sub&gt;j&lt;/sub&gt;, fully connected layers, why a non-linearity is needed, activation functions and
their derivatives, gradient descent w&lt;sup&gt;t&lt;/sup&gt; = w&lt;sup&gt;t−1&lt;/sup&gt; − η∇Q(w&lt;sup&gt;t−1&lt;/sup&gt;), and
backpropagation on the graph x → z → h → a with the lecture&apos;s notation (x, w, b, z, h, a, p, v,
f, Q, η, ε). Backpropagation computes each partial derivative once and reuses it: select a node
to see its chain rule over every path and what expanding every path would cost.&lt;/p&gt;
&lt;p&gt;Keys: Space play/pause · ← → step · Home/End start/end · B start of the backward pass.&lt;/p&gt;
</source>
        <translation>&lt;h3&gt;Backprop Studio&lt;/h3&gt;
&lt;p&gt;Посмотрите, как считает нейронная сеть. Любая формула или сеть становится графом
вычислений: прямой проход вычисляет значение каждого узла, а обратный проход отправляет градиент
назад по каждому ребру: &lt;b&gt;градиент сверху × локальная производная = вклад&lt;/b&gt;; где пути
сходятся, вклады складываются.&lt;/p&gt;
&lt;p&gt;Программа сопровождает занятие 10 &lt;i&gt;«Основы нейронных сетей»&lt;/i&gt;: нейрон a(x) = Σ
w&lt;sub&gt;j&lt;/sub&gt; x&lt;sub&gt;j&lt;/sub&gt;, полносвязные слои, зачем нужна нелинейность, функции активации и их
производные, градиентный спуск w&lt;sup&gt;t&lt;/sup&gt; = w&lt;sup&gt;t−1&lt;/sup&gt; − η∇Q(w&lt;sup&gt;t−1&lt;/sup&gt;) и метод
обратного распространения ошибки на графе x → z → h → a в обозначениях лекции (x, w, b, z, h, a,
p, v, f, Q, η, ε). Backprop вычисляет каждую частную производную один раз и переиспользует её:
выберите узел, чтобы увидеть цепное правило по всем путям и сколько стоило бы расписать их
все.&lt;/p&gt;
&lt;p&gt;Клавиши: Пробел — пуск/пауза · ← → — шаг · Home/End — в начало/в конец · B — начало
обратного прохода.&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>Панель «%1»</translation>
    </message>
    <message>
        <source>Show or hide the panel “%1”</source>
        <translation>Показать или скрыть панель «%1»</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Основная панель</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Недавние</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>Па&amp;нели</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>В&amp;оспроизведение</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>П&amp;римеры</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>New program: type it in the program editor.</source>
        <translation>Новая программа: наберите её в редакторе программы.</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>Не удалось открыть файл</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Открыто: %1</translation>
    </message>
    <message>
        <source>Cannot open the example</source>
        <translation>Не удалось открыть пример</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>Не удалось сохранить</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>That number is written in the program: edit it in the editor.</source>
        <translation>Это число записано в самой программе: измените его в редакторе.</translation>
    </message>
    <message>
        <source>“%1” has unsaved changes. Save them?</source>
        <translation>В «%1» есть несохранённые изменения. Сохранить их?</translation>
    </message>
    <message>
        <source>Open document</source>
        <translation>Открыть документ</translation>
    </message>
    <message>
        <source>Save document</source>
        <translation>Сохранить документ</translation>
    </message>
    <message>
        <source>Backprop Studio did not close properly last time. Recover the unsaved document %1?</source>
        <translation>В прошлый раз Backprop Studio закрылась некорректно. Восстановить несохранённый документ %1?</translation>
    </message>
    <message>
        <source>About Backprop Studio</source>
        <translation>О программе Backprop Studio</translation>
    </message>
    <message>
        <source>Cannot recover</source>
        <translation>Не удалось восстановить</translation>
    </message>
    <message>
        <source>Recovered the unsaved document. Save it to keep it.</source>
        <translation>Несохранённый документ восстановлен. Сохраните его, чтобы не потерять.</translation>
    </message>
    <message>
        <source>✗ %1 (the graph shows the last program that worked)</source>
        <translation>✗ %1 (на графе — последняя программа, которая работала)</translation>
    </message>
    <message>
        <source>Cannot show this</source>
        <translation>Не удалось это показать</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Отменить: %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Повторить: %1</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>(недавних файлов нет)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Очистить список</translation>
    </message>
    <message>
        <source>Examples are missing</source>
        <translation>Примеры не найдены</translation>
    </message>
    <message>
        <source>A %1 network built from its spec; the editor is for programs.</source>
        <translation>Сеть %1, построенная по описанию; редактор — для программ.</translation>
    </message>
    <message>
        <source>sizes:</source>
        <translation>размеры:</translation>
    </message>
    <message>
        <source>activation:</source>
        <translation>активация:</translation>
    </message>
    <message>
        <source>output:</source>
        <translation>выход:</translation>
    </message>
    <message>
        <source>loss:</source>
        <translation>потери:</translation>
    </message>
    <message>
        <source>granularity:</source>
        <translation>детализация:</translation>
    </message>
    <message>
        <source>samples:</source>
        <translation>объектов:</translation>
    </message>
    <message>
        <source># This document is a network built from its spec (not a program):</source>
        <translation># Этот документ — сеть, построенная по описанию (а не программа):</translation>
    </message>
    <message>
        <source># Double-click a leaf to change a value; View → Show Neurons expands the layers.</source>
        <translation># Двойной щелчок по листу меняет его значение; Вид → Показать нейроны разворачивает слои.</translation>
    </message>
</context>
<context>
    <name>NetworkDialog</name>
    <message>
        <source>New network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer sizes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden activation f</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sigmoid → binary cross-entropy; identity → squared error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NodeInspector</name>
    <message>
        <source>Click a node in the graph to see its formula, value, gradient, local derivatives and the chain rule over every path to the output.</source>
        <translation>Щёлкните по узлу графа, чтобы увидеть его формулу, значение, градиент, локальные производные и цепное правило по всем путям к выходу.</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>Player</source>
        <translation>Проигрыватель</translation>
    </message>
    <message>
        <source>Playback speed in steps per second</source>
        <translation>Скорость показа, шагов в секунду</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 шаг/с</translation>
    </message>
    <message>
        <source>Drag to scrub through the steps</source>
        <translation>Перетащите, чтобы пролистать шаги</translation>
    </message>
    <message>
        <source>step %1 of %2 · %3</source>
        <translation>шаг %1 из %2 · %3</translation>
    </message>
    <message>
        <source>start</source>
        <translation>начало</translation>
    </message>
    <message>
        <source>done</source>
        <translation>готово</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>обратный проход</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>прямой проход</translation>
    </message>
    <message>
        <source>no steps</source>
        <translation>шагов нет</translation>
    </message>
</context>
<context>
    <name>PredictInspector</name>
    <message>
        <source>value</source>
        <translation>значение</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>градиент</translation>
    </message>
    <message>
        <source>not computed yet</source>
        <translation>ещё не вычислено</translation>
    </message>
    <message>
        <source>Local derivatives</source>
        <translation>Локальные производные</translation>
    </message>
    <message>
        <source>The numbers appear once the backward pass has finished this node.</source>
        <translation>Числа появятся, когда обратный проход закончит с этим узлом.</translation>
    </message>
    <message>
        <source>Predict mode: numbers the player has not reached are hidden.</source>
        <translation>Режим предсказания: числа, до которых проигрыватель ещё не дошёл, скрыты.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n terms so far</source>
        <translation>
            <numerusform>пока %1 из %n слагаемого</numerusform>
            <numerusform>пока %1 из %n слагаемых</numerusform>
            <numerusform>пока %1 из %n слагаемых</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chain rule over %n path(s)</source>
        <translation>
            <numerusform>Цепное правило: %n путь</numerusform>
            <numerusform>Цепное правило: %n пути</numerusform>
            <numerusform>Цепное правило: %n путей</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PredictMode</name>
    <message>
        <source>The run is finished.</source>
        <translation>Все шаги пройдены.</translation>
    </message>
    <message>
        <source>Nothing to predict in the next step: step forward (→).</source>
        <translation>В следующем шаге предсказывать нечего: шагните вперёд (→).</translation>
    </message>
    <message>
        <source>Not answered: it is %1.</source>
        <translation>Без ответа: правильно %1.</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <source>&amp;Tolerance ±</source>
        <translation>&amp;Допуск ±</translation>
    </message>
    <message>
        <source>An answer counts as right within this percentage of the true value</source>
        <translation>Ответ засчитывается, если отличается от верного не больше чем на столько процентов</translation>
    </message>
    <message>
        <source>Your answer, e.g. 0.25, −0,25 or 1/4</source>
        <translation>Ваш ответ, например 0.25, −0,25 или 1/4</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <source>Check the answer, then play the step (Enter)</source>
        <translation>Проверить ответ и показать шаг (Enter)</translation>
    </message>
    <message>
        <source>&amp;Hint</source>
        <translation>По&amp;дсказка</translation>
    </message>
    <message>
        <source>Show the formula without the number</source>
        <translation>Показать формулу без числа</translation>
    </message>
    <message>
        <source>Show &amp;Answer</source>
        <translation>Показать &amp;ответ</translation>
    </message>
    <message>
        <source>Play the step without answering (not scored)</source>
        <translation>Показать шаг, не отвечая (не засчитывается)</translation>
    </message>
</context>
<context>
    <name>ProgramEditor</name>
    <message>
        <source>One assignment per line, e.g.</source>
        <translation>По одному присваиванию в строке, например:</translation>
    </message>
    <message>
        <source>(the graph shows the last program that worked)</source>
        <translation>(на графе — последняя программа, которая работала)</translation>
    </message>
</context>
<context>
    <name>QuizDialog</name>
    <message>
        <source>Quiz</source>
        <translation>Тест</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Проверить</translation>
    </message>
    <message>
        <source>&amp;Next Question</source>
        <translation>&amp;Следующий вопрос</translation>
    </message>
    <message>
        <source>&amp;Start Over</source>
        <translation>&amp;Заново</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Done: %1 of %2 right.</source>
        <translation>Готово: верно %1 из %2.</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Вопрос %1 из %2</translation>
    </message>
    <message>
        <source>Several answers may be right: tick every one.</source>
        <translation>Верных ответов может быть несколько: отметьте все.</translation>
    </message>
    <message>
        <source>Choose an answer first.</source>
        <translation>Сначала выберите ответ.</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>Верно.</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>Не совсем.</translation>
    </message>
    <message>
        <source>Score: %1 of %2</source>
        <translation>Счёт: %1 из %2</translation>
    </message>
</context>
<context>
    <name>StudyTools</name>
    <message>
        <source>&amp;Study</source>
        <translation>&amp;Самопроверка</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this document&apos;s values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns bind by name: a program&apos;s inputs take the columns of the same names; a network takes x1 … xn and y.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the set&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of samples held out: never trained on, used for the test loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path/to/data.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a fully connected network (like --mlp 2-8-8-1) to train on 2-D data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient descent  w ← w − η·∇Q(w)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate η</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples per update; full batch makes one update per epoch (the lecture&apos;s GD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>μ: b ← μ·b + ∇Q, w ← w − η·b (0 is plain descent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum μ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖wᵗ − wᵗ⁻¹‖ &lt; ε</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖∇Q(wᵗ)‖ &lt; ε</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held-out error stops falling for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping: needs held-out data; the best weights are restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or after at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train until a stopping rule fires; press to pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the next update with every step recorded, then play it in the graph: forward, backward, and w ← w − η·∂Q/∂w for each parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to epoch 0 with the document&apos;s weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the trained weights into the document (one undoable edit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One update shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the batch average</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The batch average is the update training makes. One sample shows what that sample alone would do (not applied).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a CSV file (with a header row).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValueDialog</name>
    <message>
        <source>type a number</source>
        <translation>введите число</translation>
    </message>
    <message>
        <source>%1 is not a number</source>
        <translation>%1 — не число</translation>
    </message>
    <message>
        <source>type a list of numbers, e.g. [[1, 2], [3, 4]]</source>
        <translation>введите список чисел, например [[1, 2], [3, 4]]</translation>
    </message>
    <message>
        <source>every entry must be a number</source>
        <translation>каждый элемент должен быть числом</translation>
    </message>
    <message>
        <source>a single number</source>
        <translation>одно число</translation>
    </message>
    <message>
        <source>the value must be %1, not %2</source>
        <translation>нужен размер %1, а не %2</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>Значение %1</translation>
    </message>
    <message>
        <source>New value of &lt;b&gt;%1&lt;/b&gt; (now %2):</source>
        <translation>Новое значение &lt;b&gt;%1&lt;/b&gt; (сейчас %2):</translation>
    </message>
</context>
</TS>
